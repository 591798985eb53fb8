import { RECORD_KINDS, type ServiceRecord } from '@/api/types'
import { asNumber, asString, oneOf } from '@/composables/useListQuery'
import { t } from '@/locales'

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** A `YYYY-MM-DD` day from the URL; anything else is ignored. */
export const asDay = (raw: string): string | undefined => (DAY.test(raw) ? raw : undefined)

/**
 * The filters of the record list, as they appear in the URL. `area_id`:
 * where the service was done, and below; `from`/`to`: days served.
 */
export const RECORD_FILTERS = {
  volunteer_id: asNumber,
  project_id: asNumber,
  area_id: asNumber,
  from: asDay,
  to: asDay,
  kind: oneOf(RECORD_KINDS),
}

/** The certificate list's filters. */
export const CERTIFICATE_FILTERS = {
  q: asString,
  volunteer_id: asNumber,
}

export type RecordFilterSpec = typeof RECORD_FILTERS

/** Hours as people read them: `2`, `1.5`, `0.25` (the server rounds to two places). */
export function hoursNumber(minutes: number): string {
  return String(Math.round((minutes / 60) * 100) / 100)
}

/** `90` → `1.5 小时`; `-30` → `-0.5 小时`. */
export function hoursText(minutes: number): string {
  return t('records.hoursValue', { h: hoursNumber(minutes) })
}

/** An adjustment's change with its sign: `+30 分钟`, `-45 分钟`. */
export function signedMinutes(minutes: number): string {
  return t('records.minutesValue', { m: minutes > 0 ? `+${minutes}` : String(minutes) })
}

/** What the caller may do with a record: only originals are corrected, by organisers. */
export function recordActionsOf(record: Pick<ServiceRecord, 'kind'>, permissions: readonly string[]) {
  return { adjust: record.kind === 'original' && permissions.includes('projects.write') }
}

/** The minutes an original counts now (after its adjustments). */
export function effectiveMinutes(record: Pick<ServiceRecord, 'minutes' | 'effective_minutes'>): number {
  return record.effective_minutes ?? record.minutes
}

/** Whether an original has been corrected (its effective minutes differ). */
export function corrected(record: Pick<ServiceRecord, 'kind' | 'minutes' | 'effective_minutes'>): boolean {
  return record.kind === 'original' && record.effective_minutes !== null && record.effective_minutes !== undefined
    && record.effective_minutes !== record.minutes
}
