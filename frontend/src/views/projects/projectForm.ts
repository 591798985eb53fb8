import type { ApprovalMode, CreateProject, NeedCategory, OrganiserKind, Project, UpdateProject } from '@/api/types'

/**
 * The project form (志愿服务项目表单). The organiser and the area are chosen
 * once, at creation: the API's PATCH does not take them.
 */
export interface ProjectFormModel {
  title: string
  category: NeedCategory | ''
  organiser_kind: OrganiserKind
  organiser_unit_id: number | undefined
  organiser_party_org_id: number | undefined
  area_id: number | undefined
  place: string
  description: string
  requirements: string
  approval_mode: ApprovalMode
}

export const TITLE_MAX = 100
export const PLACE_MAX = 200
export const DESCRIPTION_MAX = 5000
export const REQUIREMENTS_MAX = 2000

/**
 * A blank form. A unit contact's projects are organised by their own unit
 * (the API refuses any other organiser), so `ownUnitId` fixes it.
 */
export function emptyForm(areaId?: number, ownUnitId?: number | null): ProjectFormModel {
  const asUnit = ownUnitId !== undefined && ownUnitId !== null
  return {
    title: '',
    category: '',
    organiser_kind: asUnit ? 'unit' : 'community',
    organiser_unit_id: asUnit ? ownUnitId : undefined,
    organiser_party_org_id: undefined,
    area_id: areaId,
    place: '',
    description: '',
    requirements: '',
    approval_mode: 'automatic',
  }
}

export function formOf(project: Project): ProjectFormModel {
  const { organiser } = project
  return {
    title: project.title,
    category: project.category,
    organiser_kind: organiser.kind,
    organiser_unit_id: organiser.kind === 'unit' ? organiser.id : undefined,
    organiser_party_org_id: organiser.kind === 'party_org' ? organiser.id : undefined,
    area_id: project.area.id,
    place: project.place ?? '',
    description: project.description ?? '',
    requirements: project.requirements ?? '',
    approval_mode: project.approval_mode,
  }
}

function optional(value: string): string | null {
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

export function createBody(form: ProjectFormModel & { category: NeedCategory; area_id: number }): CreateProject {
  return {
    title: form.title.trim(),
    category: form.category,
    organiser_kind: form.organiser_kind,
    // Only the id that goes with the kind: the other is `not_applicable`.
    organiser_unit_id: form.organiser_kind === 'unit' ? (form.organiser_unit_id ?? null) : null,
    organiser_party_org_id: form.organiser_kind === 'party_org' ? (form.organiser_party_org_id ?? null) : null,
    area_id: form.area_id,
    place: optional(form.place),
    description: optional(form.description),
    requirements: optional(form.requirements),
    approval_mode: form.approval_mode,
  }
}

/** The PATCH body: what differs from `project`. Empty when nothing changed. */
export function updateBody(project: Project, form: ProjectFormModel): UpdateProject {
  const before = formOf(project)
  const patch: UpdateProject = {}
  if (form.title.trim() !== before.title) patch.title = form.title.trim()
  if (form.category && form.category !== before.category) patch.category = form.category
  for (const key of ['place', 'description', 'requirements'] as const) {
    const now = optional(form[key])
    if (now !== optional(before[key])) patch[key] = now
  }
  if (form.approval_mode !== before.approval_mode) patch.approval_mode = form.approval_mode
  return patch
}
