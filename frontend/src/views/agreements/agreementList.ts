import { EXPIRING_DAYS } from '@/api/agreements'
import { AGREEMENT_STATUSES, type Agreement } from '@/api/types'
import { asNumber, asString, oneOf } from '@/composables/useListQuery'
import { t } from '@/locales'
import { daysBetween, today } from '@/utils/date'

/**
 * The filters of the agreement list, as they appear in the URL.
 * `expiring_within_days` is set by the 即将到期 switch (30) and shows only
 * active agreements ending within that many days.
 */
export const AGREEMENT_FILTERS = {
  q: asString,
  unit_id: asNumber,
  area_id: asNumber,
  status: oneOf(AGREEMENT_STATUSES),
  expiring_within_days: asNumber,
}

export type AgreementFilterSpec = typeof AGREEMENT_FILTERS

/** Days from `day` (today) to the agreement's last day: 0 when it ends today. */
export function daysLeft(agreement: Pick<Agreement, 'ends_on'>, day: string = today()): number {
  return daysBetween(day, agreement.ends_on)
}

/**
 * Active and ending within `EXPIRING_DAYS`, today included: the rows the
 * list highlights. The same rule as the server's `expiring_within_days`.
 */
export function isExpiringSoon(
  agreement: Pick<Agreement, 'status' | 'ends_on'>,
  day: string = today(),
  within: number = EXPIRING_DAYS,
): boolean {
  if (agreement.status !== 'active') return false
  const left = daysLeft(agreement, day)
  return left >= 0 && left <= within
}

/** `2026-01-01 至 2026-12-31`. */
export function termText(agreement: Pick<Agreement, 'starts_on' | 'ends_on'>): string {
  return t('agreements.termText', { from: agreement.starts_on, to: agreement.ends_on })
}

/** What can be done with an agreement in its state (and with `agreements.write`). */
export function actionsOf(agreement: Pick<Agreement, 'status'>) {
  return {
    edit: agreement.status === 'draft',
    activate: agreement.status === 'draft',
    terminate: agreement.status === 'active',
    renew: agreement.status === 'active' || agreement.status === 'expired',
  }
}
