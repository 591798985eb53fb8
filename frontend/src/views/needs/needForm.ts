import type { CreateNeed, Need, NeedCategory, UpdateNeed, Urgency } from '@/api/types'

/** The need form (需求表单): its model and the bodies it sends. */

export interface NeedFormModel {
  area_id: number | undefined
  category: NeedCategory | ''
  title: string
  description: string
  beneficiary_count: number | undefined
  beneficiaries: string
  urgency: Urgency
  wanted_by: string
}

export const TITLE_MAX = 200
export const DESCRIPTION_MAX = 5000
export const BENEFICIARIES_MAX = 500
export const BENEFICIARY_COUNT_MAX = 10_000_000

export function emptyForm(areaId?: number): NeedFormModel {
  return {
    area_id: areaId,
    category: '',
    title: '',
    description: '',
    beneficiary_count: undefined,
    beneficiaries: '',
    urgency: 'normal',
    wanted_by: '',
  }
}

export function formOf(need: Need): NeedFormModel {
  return {
    area_id: need.area.id,
    category: need.category,
    title: need.title,
    description: need.description ?? '',
    beneficiary_count: need.beneficiary_count ?? undefined,
    beneficiaries: need.beneficiaries ?? '',
    urgency: need.urgency,
    wanted_by: need.wanted_by ?? '',
  }
}

function optional(value: string): string | null {
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

function count(value: number | undefined | null): number | null {
  return value === undefined || value === null ? null : value
}

export function createBody(form: NeedFormModel & { area_id: number; category: NeedCategory }): CreateNeed {
  return {
    area_id: form.area_id,
    category: form.category,
    title: form.title.trim(),
    description: optional(form.description),
    beneficiary_count: count(form.beneficiary_count),
    beneficiaries: optional(form.beneficiaries),
    urgency: form.urgency,
    wanted_by: form.wanted_by || null,
  }
}

/** The PATCH body: only what changed. The area is not edited: a need stays where it was raised. */
export function updateBody(need: Need, form: NeedFormModel): UpdateNeed {
  const before = formOf(need)
  const patch: UpdateNeed = {}
  if (form.category !== '' && form.category !== before.category) patch.category = form.category
  if (form.title.trim() !== before.title) patch.title = form.title.trim()
  if (optional(form.description) !== optional(before.description)) patch.description = optional(form.description)
  if (count(form.beneficiary_count) !== count(before.beneficiary_count)) {
    patch.beneficiary_count = count(form.beneficiary_count)
  }
  if (optional(form.beneficiaries) !== optional(before.beneficiaries)) patch.beneficiaries = optional(form.beneficiaries)
  if (form.urgency !== before.urgency) patch.urgency = form.urgency
  if (form.wanted_by !== before.wanted_by) patch.wanted_by = form.wanted_by || null
  return patch
}
