import { shallowRef } from 'vue'
import { recordTotals } from '@/api/records'
import type { Totals } from '@/api/types'

/** How many volunteers' totals one request brings. */
export const HOURS_LIMIT = 1000

/**
 * Confirmed minutes per volunteer from one totals answer: a volunteer the
 * answer does not name has none, unless the answer was cut to its limit, in
 * which case they are unknown (undefined).
 */
export function minutesByVolunteer(totals: Totals): (id: number) => number | undefined {
  const byId = new Map<number, number>()
  for (const row of totals.items) if (row.id !== null && row.id !== undefined) byId.set(row.id, row.minutes)
  const whole = totals.groups <= totals.items.length
  return (id) => byId.get(id) ?? (whole ? 0 : undefined)
}

/**
 * The hours column of the volunteer list: one `GET /service-records/totals?group_by=volunteer`
 * when the page opens (callers with `records.read` only), not one request per row.
 */
export function useVolunteerHours(enabled: () => boolean) {
  const minutesOf = shallowRef<((id: number) => number | undefined) | null>(null)

  async function load(): Promise<void> {
    if (!enabled()) return
    try {
      minutesOf.value = minutesByVolunteer(await recordTotals({ group_by: 'volunteer', limit: HOURS_LIMIT }))
    } catch {
      // the column stays empty; the list itself is what matters here
    }
  }

  void load()
  return { minutesOf, reload: load }
}
