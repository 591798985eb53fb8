import type { ClaimWish, CreateWish, HelperKind } from '@/api/types'

/** 发布微心愿: for which household, what is wished for, and a description helpers will read. */
export interface WishFormModel {
  household_id: number | undefined
  title: string
  description: string
}

export function emptyWish(householdId?: number): WishFormModel {
  return { household_id: householdId, title: '', description: '' }
}

export function createBody(form: WishFormModel & { household_id: number }): CreateWish {
  return { household_id: form.household_id, title: form.title.trim(), description: form.description.trim() || null }
}

/** 代为认领: staff record a claim made offline, by one unit or one volunteer. */
export interface ClaimForModel {
  kind: HelperKind
  unit_id: number | undefined
  volunteer_id: number | undefined
}

/** The claim body naming the helper of the kind chosen; undefined while none is picked. */
export function claimForBody(form: ClaimForModel): ClaimWish | undefined {
  if (form.kind === 'unit') return form.unit_id === undefined ? undefined : { unit_id: form.unit_id }
  return form.volunteer_id === undefined ? undefined : { volunteer_id: form.volunteer_id }
}
