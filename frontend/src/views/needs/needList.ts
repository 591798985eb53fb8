import { NEED_CATEGORIES, NEED_STATUSES, URGENCIES, type Need, type NeedStatus, type Urgency } from '@/api/types'
import { asBoolean, asNumber, asString, oneOf } from '@/composables/useListQuery'
import type { Viewer } from '@/views/resources/resourceList'

/** The filters of the need board, as they appear in the URL. `overdue=true`: pending past the wanted-by day. */
export const NEED_FILTERS = {
  q: asString,
  category: oneOf(NEED_CATEGORIES),
  status: oneOf(NEED_STATUSES),
  urgency: oneOf(URGENCIES),
  area_id: asNumber,
  overdue: asBoolean,
}

export type NeedFilterSpec = typeof NEED_FILTERS

/** Still waiting to be met: open, matched or in service (the server's `is_pending`). */
export function isPending(status: NeedStatus): boolean {
  return status === 'open' || status === 'matched' || status === 'in_service'
}

type TagType = 'info' | 'success' | 'warning' | 'danger' | 'primary'

export const NEED_STATUS_TAG: Record<NeedStatus, TagType> = {
  open: 'warning',
  matched: 'primary',
  in_service: 'primary',
  done: 'success',
  closed_unfulfilled: 'info',
}

export const URGENCY_TAG: Record<Urgency, TagType> = {
  low: 'info',
  normal: 'primary',
  high: 'warning',
  urgent: 'danger',
}

/**
 * What the viewer may do with a need in its state. Editing and proposing
 * need a pending need; closing unfulfilled only an open one (one with live
 * services is closed by cancelling them first).
 */
export function needActionsOf(need: Pick<Need, 'status'>, viewer: Viewer | null) {
  const write = viewer?.permissions.includes('needs.write') ?? false
  const order = viewer?.permissions.includes('services.order') ?? false
  return {
    edit: write && isPending(need.status),
    close: write && need.status === 'open',
    propose: order && isPending(need.status),
  }
}
