import { SERVICE_KINDS, SERVICE_STATUSES, type Service, type ServiceAction, type ServiceStatus } from '@/api/types'
import { asBoolean, asNumber, asString, oneOf } from '@/composables/useListQuery'
import type { Viewer } from '@/views/resources/resourceList'

/** The filters of the service list, as they appear in the URL. `overdue=true`: taken but late. */
export const SERVICE_FILTERS = {
  q: asString,
  status: oneOf(SERVICE_STATUSES),
  kind: oneOf(SERVICE_KINDS),
  unit_id: asNumber,
  area_id: asNumber,
  overdue: asBoolean,
}

export type ServiceFilterSpec = typeof SERVICE_FILTERS

type TagType = 'info' | 'success' | 'warning' | 'danger' | 'primary'

export const SERVICE_STATUS_TAG: Record<ServiceStatus, TagType> = {
  ordered: 'warning',
  accepted: 'primary',
  in_progress: 'primary',
  delivered: 'success',
  closed: 'success',
  declined: 'danger',
  cancelled: 'info',
}

/** The actions people take (the first timeline entry, `order`, is the creation itself). */
export type ServiceStep = Exclude<ServiceAction, 'order'>

/** Which statuses each action is allowed from, as the server's transition table. */
export const TRANSITIONS: Record<ServiceStep, { from: readonly ServiceStatus[]; to: ServiceStatus; side: 'unit' | 'community' | 'either' }> = {
  accept: { from: ['ordered'], to: 'accepted', side: 'unit' },
  decline: { from: ['ordered'], to: 'declined', side: 'unit' },
  start: { from: ['accepted'], to: 'in_progress', side: 'unit' },
  deliver: { from: ['in_progress'], to: 'delivered', side: 'unit' },
  rate: { from: ['delivered'], to: 'closed', side: 'community' },
  cancel: { from: ['ordered', 'accepted', 'in_progress'], to: 'cancelled', side: 'either' },
}

/** In the order the buttons show: the way forward first, the way out last. */
export const SERVICE_STEPS = ['accept', 'start', 'deliver', 'rate', 'decline', 'cancel'] as const satisfies readonly ServiceStep[]

/**
 * The unit's side: `services.fulfil`, and for a unit contact only their own
 * unit's services (staff act for the units they can see; the server checks).
 */
export function onUnitSide(service: Pick<Service, 'unit'>, viewer: Viewer): boolean {
  if (!viewer.permissions.includes('services.fulfil')) return false
  return viewer.role !== 'unit_contact' || viewer.unit_id === service.unit.id
}

/**
 * The actions the viewer may take on a service now, in button order. The
 * ordering side's area is not checked here: the service is only listed to
 * staff whose subtree holds it, and the server refuses the rest anyway.
 * Grid workers order and cancel but do not rate (no `services.rate`).
 */
export function allowedSteps(service: Pick<Service, 'status' | 'unit'>, viewer: Viewer | null): ServiceStep[] {
  if (!viewer) return []
  const unit = onUnitSide(service, viewer)
  const community = (permission: 'services.order' | 'services.rate') =>
    viewer.role !== 'unit_contact' && viewer.permissions.includes(permission)
  return SERVICE_STEPS.filter((step) => {
    const rule = TRANSITIONS[step]
    if (!rule.from.includes(service.status)) return false
    if (rule.side === 'unit') return unit
    if (rule.side === 'community') return community('services.rate')
    return unit || community('services.order')
  })
}
