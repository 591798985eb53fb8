import { WISH_STATUSES, type Wish, type WishStatus } from '@/api/types'
import { asBoolean, asNumber, oneOf } from '@/composables/useListQuery'

/** The wish board's filters, as they appear in the URL; `mine`: the wishes the caller claimed. */
export const WISH_FILTERS = {
  status: oneOf(WISH_STATUSES),
  area_id: asNumber,
  mine: asBoolean,
}

export type WishFilterSpec = typeof WISH_FILTERS

type TagType = 'info' | 'success' | 'warning' | 'danger' | 'primary'

export const WISH_STATUS_TAG: Record<WishStatus, TagType> = {
  open: 'warning',
  claimed: 'primary',
  fulfilled: 'success',
  cancelled: 'info',
}

export const TITLE_MAX = 100
export const DESCRIPTION_MAX = 500
export const NOTE_MAX = 500

/** Staff (`households.write`) publish, cancel and claim for a unit or volunteer; helpers (`pairings.self`) claim for themselves. */
export function boardActionsOf(permissions: readonly string[]) {
  return {
    create: permissions.includes('households.write'),
    /** A helper's board: the household is withheld, and "mine" means what they claimed. */
    helper: permissions.includes('pairings.self') && !permissions.includes('households.read'),
  }
}

/**
 * What a caller may do with a wish in its state. A helper sees claimed wishes
 * only when they are their own, so every claimed wish on their board is theirs
 * to mark fulfilled; staff may mark any in reach.
 */
export function wishActionsOf(wish: Pick<Wish, 'status'>, permissions: readonly string[]) {
  const staff = permissions.includes('households.write')
  const helper = permissions.includes('pairings.self')
  return {
    claim: helper && wish.status === 'open',
    claimFor: staff && wish.status === 'open',
    fulfil: (staff || helper) && wish.status === 'claimed',
    cancel: staff && (wish.status === 'open' || wish.status === 'claimed'),
  }
}
