import type { Area, AreaKind, CreateArea, UpdateArea } from '@/api/types'
import { hasGridFields } from './areaRules'

/** What the area form edits; numbers are null when left empty. */
export interface AreaFormModel {
  parent_id: number | null
  kind: AreaKind | ''
  code: string
  name: string
  households: number | null
  population: number | null
  leader_name: string
  leader_phone: string
}

export function emptyForm(): AreaFormModel {
  return {
    parent_id: null,
    kind: '',
    code: '',
    name: '',
    households: null,
    population: null,
    leader_name: '',
    leader_phone: '',
  }
}

export function formOf(area: Area): AreaFormModel {
  return {
    parent_id: area.parent_id ?? null,
    kind: area.kind,
    code: area.code,
    name: area.name,
    households: area.households ?? null,
    population: area.population ?? null,
    leader_name: area.leader_name ?? '',
    leader_phone: area.leader_phone ?? '',
  }
}

function text(value: string): string | null {
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

/** The body of `POST /areas`; grid fields only for grids and buildings (the server refuses them elsewhere). */
export function createBody(form: AreaFormModel & { kind: AreaKind }): CreateArea {
  const body: CreateArea = {
    kind: form.kind,
    code: form.code.trim(),
    name: form.name.trim(),
    parent_id: form.parent_id,
  }
  if (hasGridFields(form.kind)) {
    body.households = form.households
    body.population = form.population
    body.leader_name = text(form.leader_name)
    body.leader_phone = text(form.leader_phone)
  }
  return body
}

/** The `PATCH /areas/{id}` body: only what differs from `area` (empty when nothing does). */
export function updateBody(area: Area, form: AreaFormModel): UpdateArea {
  const patch: UpdateArea = {}
  const code = form.code.trim()
  const name = form.name.trim()
  if (code !== area.code) patch.code = code
  if (name !== area.name) patch.name = name
  if (hasGridFields(area.kind)) {
    if (form.households !== (area.households ?? null)) patch.households = form.households
    if (form.population !== (area.population ?? null)) patch.population = form.population
    const leaderName = text(form.leader_name)
    if (leaderName !== (area.leader_name ?? null)) patch.leader_name = leaderName
    const leaderPhone = text(form.leader_phone)
    if (leaderPhone !== (area.leader_phone ?? null)) patch.leader_phone = leaderPhone
  }
  return patch
}
