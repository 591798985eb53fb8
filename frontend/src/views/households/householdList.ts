import { HOUSEHOLD_CATEGORIES, HOUSEHOLD_STATUSES, type Household, type HouseholdStatus } from '@/api/types'
import { asBoolean, asNumber, asString, oneOf } from '@/composables/useListQuery'

/**
 * The filters of the ledger, as they appear in the URL. `area_id`: that area
 * and below; `archived`: true archived only, false live only, absent both.
 */
export const HOUSEHOLD_FILTERS = {
  q: asString,
  area_id: asNumber,
  category: oneOf(HOUSEHOLD_CATEGORIES),
  status: oneOf(HOUSEHOLD_STATUSES),
  archived: asBoolean,
  overdue: asBoolean,
}

export type HouseholdFilterSpec = typeof HOUSEHOLD_FILTERS

type TagType = 'info' | 'success' | 'warning' | 'danger' | 'primary'

export const HOUSEHOLD_STATUS_TAG: Record<HouseholdStatus, TagType> = {
  active: 'primary',
  lifted: 'success',
  moved: 'info',
  deceased: 'info',
}

/** What the ledger page itself offers a caller with these permissions. */
export function ledgerActionsOf(permissions: readonly string[]) {
  return {
    create: permissions.includes('households.write'),
    exportPlain: permissions.includes('households.reveal'),
    retention: permissions.includes('households.erase'),
  }
}

/**
 * What a caller with these permissions may do with one household in its
 * state: an archived household is history (no edits, no new pairings), an
 * erased one has nothing left to reveal, and only a household no longer
 * helped (已脱困 / 已迁出 / 已故) is archived.
 */
export function householdActionsOf(
  household: Pick<Household, 'status' | 'archived_at' | 'erased_at'>,
  permissions: readonly string[],
) {
  const write = permissions.includes('households.write')
  const reveal = permissions.includes('households.reveal')
  const live = !household.archived_at
  const erased = Boolean(household.erased_at)
  return {
    edit: write && live,
    reveal: reveal && !erased,
    archive: write && live && household.status !== 'active',
    personalData: reveal && !erased,
    pair: permissions.includes('pairings.write') && live && household.status === 'active',
  }
}
