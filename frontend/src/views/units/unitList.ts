import { UNIT_KINDS, UNIT_STATUSES } from '@/api/types'
import { asNumber, asString, oneOf } from '@/composables/useListQuery'

/** The filters of the unit list, as they appear in the URL. `area_id`: that area and everything under it. */
export const UNIT_FILTERS = {
  q: asString,
  kind: oneOf(UNIT_KINDS),
  status: oneOf(UNIT_STATUSES),
  area_id: asNumber,
}

export type UnitFilterSpec = typeof UNIT_FILTERS
