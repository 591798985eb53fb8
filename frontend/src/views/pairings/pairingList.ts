import type { Pairing } from '@/api/types'
import { asNumber } from '@/composables/useListQuery'
import { daysBetween } from '@/utils/date'

/** The overdue list's filter (走访逾期): that area and below. */
export const OVERDUE_FILTERS = { area_id: asNumber }

/** Whole days a visit due on `dueOn` is late on `today` (0 when not late). */
export function overdueDays(dueOn: string, today: string): number {
  const days = daysBetween(dueOn, today)
  return Number.isFinite(days) && days > 0 ? days : 0
}

/**
 * Where a pairing stands on `today`: ended; overdue by so many days; or due
 * in so many days (0: today).
 */
export type DueState = { kind: 'ended' } | { kind: 'overdue'; days: number } | { kind: 'due'; days: number }

export function dueState(pairing: Pick<Pairing, 'status' | 'due_on'>, today: string): DueState {
  if (pairing.status !== 'active') return { kind: 'ended' }
  const late = overdueDays(pairing.due_on, today)
  if (late > 0) return { kind: 'overdue', days: late }
  const ahead = daysBetween(today, pairing.due_on)
  return { kind: 'due', days: Number.isFinite(ahead) ? Math.max(0, ahead) : 0 }
}

/**
 * What a caller may do with a pairing: staff with `pairings.write` change and
 * end it; a visit is recorded on an active pairing by grid workers
 * (`households.write`) or by the helper (`pairings.self`; the server shows a
 * helper only their own pairings).
 */
export function pairingActionsOf(pairing: Pick<Pairing, 'status'>, permissions: readonly string[]) {
  const active = pairing.status === 'active'
  const manage = permissions.includes('pairings.write')
  return {
    edit: manage && active,
    end: manage && active,
    visit: active && (permissions.includes('households.write') || permissions.includes('pairings.self')),
  }
}
