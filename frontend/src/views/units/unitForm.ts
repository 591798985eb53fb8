import type { CreateUnit, Unit, UnitKind, UpdateUnit } from '@/api/types'
import { normalizeCreditCode } from '@/utils/creditCode'

/**
 * The unit form (共建单位表单): its model, and the bodies it sends. An edit
 * sends only what changed, so that fields the caller may not change are
 * never sent untouched (a unit contact would get 422 `not_editable`).
 */

export interface UnitFormModel {
  name: string
  kind: UnitKind | ''
  credit_code: string
  area_id: number | undefined
  grid_ids: number[]
  contact_name: string
  contact_phone: string
  address: string
  party_member_count: number
  commitment: string
  commitment_phone: string
}

/** What a unit contact may change of their own unit; the rest is the office's. */
export const OWN_FIELDS = [
  'contact_name',
  'contact_phone',
  'address',
  'party_member_count',
  'commitment',
  'commitment_phone',
] as const satisfies readonly (keyof UnitFormModel)[]

export const NAME_MAX = 100
export const ADDRESS_MAX = 200
export const COMMITMENT_MAX = 2000
export const PARTY_MEMBERS_MAX = 1_000_000

export function emptyForm(areaId?: number): UnitFormModel {
  return {
    name: '',
    kind: '',
    credit_code: '',
    area_id: areaId,
    grid_ids: [],
    contact_name: '',
    contact_phone: '',
    address: '',
    party_member_count: 0,
    commitment: '',
    commitment_phone: '',
  }
}

export function formOf(unit: Unit): UnitFormModel {
  return {
    name: unit.name,
    kind: unit.kind,
    credit_code: unit.credit_code,
    area_id: unit.area.id,
    grid_ids: unit.grids.map((grid) => grid.id),
    contact_name: unit.contact_name ?? '',
    contact_phone: unit.contact_phone ?? '',
    address: unit.address ?? '',
    party_member_count: unit.party_member_count,
    commitment: unit.commitment ?? '',
    commitment_phone: unit.commitment_phone ?? '',
  }
}

/** Blank optional text is sent as null (cleared), the rest trimmed as the server stores it. */
function optional(value: string): string | null {
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

export function createBody(form: UnitFormModel & { kind: UnitKind; area_id: number }): CreateUnit {
  return {
    name: form.name.trim(),
    kind: form.kind,
    credit_code: normalizeCreditCode(form.credit_code),
    area_id: form.area_id,
    grid_ids: [...form.grid_ids],
    contact_name: optional(form.contact_name),
    contact_phone: optional(form.contact_phone),
    address: optional(form.address),
    party_member_count: form.party_member_count,
    commitment: optional(form.commitment),
    commitment_phone: optional(form.commitment_phone),
  }
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  const left = [...a].sort((x, y) => x - y)
  const right = [...b].sort((x, y) => x - y)
  return left.length === right.length && left.every((id, i) => id === right[i])
}

/**
 * The PATCH body: the fields that differ from `unit`. `ownOnly` (a unit
 * contact) leaves out everything but the profile fields. Empty when nothing changed.
 */
export function updateBody(unit: Unit, form: UnitFormModel, ownOnly = false): UpdateUnit {
  const before = formOf(unit)
  const patch: UpdateUnit = {}
  const text = (key: 'contact_name' | 'contact_phone' | 'address' | 'commitment' | 'commitment_phone') => {
    const now = optional(form[key])
    if (now !== optional(before[key])) patch[key] = now
  }
  text('contact_name')
  text('contact_phone')
  text('address')
  text('commitment')
  text('commitment_phone')
  if (form.party_member_count !== before.party_member_count) patch.party_member_count = form.party_member_count
  if (ownOnly) return patch

  if (form.name.trim() !== before.name) patch.name = form.name.trim()
  if (form.kind && form.kind !== before.kind) patch.kind = form.kind
  const code = normalizeCreditCode(form.credit_code)
  if (code !== before.credit_code) patch.credit_code = code
  if (form.area_id !== undefined && form.area_id !== before.area_id) patch.area_id = form.area_id
  if (!sameIds(form.grid_ids, before.grid_ids)) patch.grid_ids = [...form.grid_ids]
  return patch
}
