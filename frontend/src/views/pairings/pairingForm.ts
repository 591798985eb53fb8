import type { CreatePairing, HelperKind, Pairing, UpdatePairing } from '@/api/types'

/** The pairing editor (结对): who helps, from when, how often they visit, the plan and the goals. */
export interface PairingFormModel {
  helper_kind: HelperKind
  unit_id: number | undefined
  volunteer_id: number | undefined
  starts_on: string
  visit_interval_days: number
  plan: string
  goals: string
}

export const INTERVAL_MIN = 1
export const INTERVAL_MAX = 366
/** A visit a month unless someone says otherwise. */
export const DEFAULT_INTERVAL = 30
export const PLAN_MAX = 2000
export const GOALS_MAX = 2000
export const END_REASON_MAX = 500

export function emptyPairing(today: string): PairingFormModel {
  return {
    helper_kind: 'unit',
    unit_id: undefined,
    volunteer_id: undefined,
    starts_on: today,
    visit_interval_days: DEFAULT_INTERVAL,
    plan: '',
    goals: '',
  }
}

export function formOf(pairing: Pairing): PairingFormModel {
  return {
    helper_kind: pairing.helper.kind,
    unit_id: pairing.helper.kind === 'unit' ? pairing.helper.id : undefined,
    volunteer_id: pairing.helper.kind === 'volunteer' ? pairing.helper.id : undefined,
    starts_on: pairing.starts_on,
    visit_interval_days: pairing.visit_interval_days,
    plan: pairing.plan ?? '',
    goals: pairing.goals ?? '',
  }
}

export function validInterval(days: number | undefined | null): boolean {
  return typeof days === 'number' && Number.isInteger(days) && days >= INTERVAL_MIN && days <= INTERVAL_MAX
}

/** The helper picked for the kind chosen, or undefined. */
export function helperId(form: PairingFormModel): number | undefined {
  return form.helper_kind === 'unit' ? form.unit_id : form.volunteer_id
}

function optional(value: string): string | null {
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

/** Exactly one of `unit_id` and `volunteer_id`: the one of the kind chosen. */
export function createBody(householdId: number, form: PairingFormModel): CreatePairing {
  return {
    household_id: householdId,
    unit_id: form.helper_kind === 'unit' ? (form.unit_id ?? null) : null,
    volunteer_id: form.helper_kind === 'volunteer' ? (form.volunteer_id ?? null) : null,
    starts_on: form.starts_on || null,
    visit_interval_days: form.visit_interval_days,
    plan: optional(form.plan),
    goals: optional(form.goals),
  }
}

/** The PATCH body: what differs; the helper and the start are not changed on a pairing. */
export function updateBody(pairing: Pairing, form: PairingFormModel): UpdatePairing {
  const patch: UpdatePairing = {}
  if (optional(form.plan) !== (pairing.plan ?? null)) patch.plan = optional(form.plan)
  if (optional(form.goals) !== (pairing.goals ?? null)) patch.goals = optional(form.goals)
  if (form.visit_interval_days !== pairing.visit_interval_days) patch.visit_interval_days = form.visit_interval_days
  return patch
}
