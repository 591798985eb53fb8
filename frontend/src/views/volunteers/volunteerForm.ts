import type { CreateVolunteer, PoliticalStatus, UpdateVolunteer, Volunteer } from '@/api/types'
import { normalizeIdNumber } from '@/utils/idNumber'

/**
 * The volunteer form (志愿者表单): its model and the bodies it sends. The
 * identity number is never shown plain here: on an edit the field starts
 * blank, and blank means "keep the number on file".
 */
export interface VolunteerFormModel {
  name: string
  phone: string
  id_number: string
  political_status: PoliticalStatus | ''
  in_service: boolean
  work_unit_id: number | undefined
  work_unit_name: string
  area_id: number | undefined
  skills: string[]
  /** Only on an edit of an active or inactive volunteer. */
  active: boolean
}

export const NAME_MAX = 50
export const WORK_UNIT_NAME_MAX = 100
export const SKILLS_MAX = 20
export const SKILL_MAX = 50

export function emptyForm(areaId?: number): VolunteerFormModel {
  return {
    name: '',
    phone: '',
    id_number: '',
    political_status: '',
    in_service: false,
    work_unit_id: undefined,
    work_unit_name: '',
    area_id: areaId,
    skills: [],
    active: true,
  }
}

export function formOf(volunteer: Volunteer): VolunteerFormModel {
  const unit = volunteer.work_unit
  return {
    name: volunteer.name,
    phone: volunteer.phone,
    id_number: '',
    political_status: volunteer.political_status,
    in_service: volunteer.in_service,
    work_unit_id: unit?.id ?? undefined,
    work_unit_name: unit && (unit.id === null || unit.id === undefined) ? unit.name : '',
    area_id: volunteer.area.id,
    skills: [...volunteer.skills],
    active: volunteer.status !== 'inactive',
  }
}

function optional(value: string): string | null {
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

function cleanSkills(skills: readonly string[]): string[] {
  return [...new Set(skills.map((skill) => skill.trim()).filter((skill) => skill !== ''))]
}

/** A unit picked from the list wins over a typed name: the server takes one or the other. */
function workUnit(form: VolunteerFormModel): { work_unit_id: number | null; work_unit_name: string | null } {
  if (form.work_unit_id !== undefined) return { work_unit_id: form.work_unit_id, work_unit_name: null }
  return { work_unit_id: null, work_unit_name: optional(form.work_unit_name) }
}

export function createBody(
  form: VolunteerFormModel & { political_status: PoliticalStatus; area_id: number },
): CreateVolunteer {
  return {
    name: form.name.trim(),
    phone: form.phone.trim(),
    id_number: form.id_number.trim() === '' ? null : normalizeIdNumber(form.id_number),
    political_status: form.political_status,
    in_service: form.in_service,
    ...workUnit(form),
    area_id: form.area_id,
    skills: cleanSkills(form.skills),
  }
}

/** The PATCH body: what differs from `volunteer`. Empty when nothing changed. */
export function updateBody(volunteer: Volunteer, form: VolunteerFormModel): UpdateVolunteer {
  const before = formOf(volunteer)
  const patch: UpdateVolunteer = {}
  if (form.name.trim() !== before.name) patch.name = form.name.trim()
  if (form.phone.trim() !== before.phone) patch.phone = form.phone.trim()
  if (form.id_number.trim() !== '') patch.id_number = normalizeIdNumber(form.id_number)
  if (form.political_status && form.political_status !== before.political_status) {
    patch.political_status = form.political_status
  }
  if (form.in_service !== before.in_service) patch.in_service = form.in_service
  const unitNow = workUnit(form)
  const unitBefore = workUnit(before)
  if (unitNow.work_unit_id !== unitBefore.work_unit_id || unitNow.work_unit_name !== unitBefore.work_unit_name) {
    Object.assign(patch, unitNow)
  }
  if (form.area_id !== undefined && form.area_id !== before.area_id) patch.area_id = form.area_id
  const skills = cleanSkills(form.skills)
  if (skills.join('\n') !== before.skills.join('\n')) patch.skills = skills
  if ((volunteer.status === 'active' || volunteer.status === 'inactive') && form.active !== before.active) {
    patch.status = form.active ? 'active' : 'inactive'
  }
  return patch
}
