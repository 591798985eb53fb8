import type { CreatePartyOrg, PartyOrg, PartyOrgKind, UpdatePartyOrg } from '@/api/types'

/** The party organisation form: its model and the bodies it sends. */
export interface PartyOrgFormModel {
  name: string
  kind: PartyOrgKind | ''
  parent_id: number | null
  area_id: number | undefined
  unit_id: number | undefined
  secretary: string
  contact_phone: string
  member_count: number
  founded_on: string
}

export const NAME_MAX = 100
export const MEMBER_COUNT_MAX = 1_000_000

export function emptyForm(init: Partial<PartyOrgFormModel> = {}): PartyOrgFormModel {
  return {
    name: '',
    kind: '',
    parent_id: null,
    area_id: undefined,
    unit_id: undefined,
    secretary: '',
    contact_phone: '',
    member_count: 0,
    founded_on: '',
    ...init,
  }
}

export function formOf(org: PartyOrg): PartyOrgFormModel {
  return {
    name: org.name,
    kind: org.kind,
    parent_id: org.parent_id ?? null,
    area_id: org.area.id,
    unit_id: org.unit?.id ?? undefined,
    secretary: org.secretary ?? '',
    contact_phone: org.contact_phone ?? '',
    member_count: org.member_count,
    founded_on: org.founded_on ?? '',
  }
}

function optional(value: string): string | null {
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

export function createBody(form: PartyOrgFormModel & { kind: PartyOrgKind; area_id: number }): CreatePartyOrg {
  return {
    name: form.name.trim(),
    kind: form.kind,
    area_id: form.area_id,
    parent_id: form.parent_id,
    unit_id: form.unit_id ?? null,
    secretary: optional(form.secretary),
    contact_phone: optional(form.contact_phone),
    member_count: form.member_count,
    founded_on: form.founded_on || null,
  }
}

/** Only what changed: a new `parent_id` or `area_id` moves the organisation. */
export function updateBody(org: PartyOrg, form: PartyOrgFormModel): UpdatePartyOrg {
  const before = formOf(org)
  const patch: UpdatePartyOrg = {}
  if (form.name.trim() !== before.name) patch.name = form.name.trim()
  if (form.kind && form.kind !== before.kind) patch.kind = form.kind
  if (form.parent_id !== before.parent_id) patch.parent_id = form.parent_id
  if (form.area_id !== undefined && form.area_id !== before.area_id) patch.area_id = form.area_id
  if (form.unit_id !== before.unit_id) patch.unit_id = form.unit_id ?? null
  if (optional(form.secretary) !== optional(before.secretary)) patch.secretary = optional(form.secretary)
  if (optional(form.contact_phone) !== optional(before.contact_phone)) patch.contact_phone = optional(form.contact_phone)
  if (form.member_count !== before.member_count) patch.member_count = form.member_count
  if (form.founded_on !== before.founded_on) patch.founded_on = form.founded_on || null
  return patch
}
