import { RESOURCE_CATEGORIES, RESOURCE_STATUSES, type Availability, type Me, type Resource } from '@/api/types'
import { asBoolean, asNumber, asString, oneOf } from '@/composables/useListQuery'
import { t } from '@/locales'

/** The filters of the resource list, as they appear in the URL. `shelf=true`: supermarket items only. */
export const RESOURCE_FILTERS = {
  q: asString,
  category: oneOf(RESOURCE_CATEGORIES),
  status: oneOf(RESOURCE_STATUSES),
  shelf: asBoolean,
  unit_id: asNumber,
  area_id: asNumber,
}

export type ResourceFilterSpec = typeof RESOURCE_FILTERS

/** Who is looking: what they may do follows their permissions and, for a unit contact, their unit. */
export type Viewer = Pick<Me, 'role' | 'unit_id' | 'permissions'>

/** Staff with `resources.write` edit any resource they see; a unit contact only their own unit's. */
export function canEditResource(resource: Pick<Resource, 'unit'>, viewer: Viewer | null): boolean {
  if (!viewer) return false
  if (viewer.permissions.includes('resources.write')) return true
  return viewer.permissions.includes('resources.write_own') && viewer.unit_id === resource.unit.id
}

/** 资金 is counted in fen: ¥20,000.00. */
export function yuanText(fen: number): string {
  return `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
}

/** An amount of a resource in its own measure: `2 名律师`, `¥200.00` for funds. */
export function amountText(resource: Pick<Resource, 'category' | 'measure'>, amount: number): string {
  if (resource.category === 'funds') return yuanText(amount)
  return resource.measure ? `${amount} ${resource.measure}` : String(amount)
}

/** `剩 3 / 共 5 名律师`, or `不限` without a limit. */
export function quantityText(resource: Pick<Resource, 'category' | 'measure' | 'quantity' | 'remaining'>): string {
  if (resource.quantity === null || resource.quantity === undefined) return t('resources.noLimit')
  return t('resources.remainingText', {
    remaining: amountText(resource, resource.remaining ?? 0),
    quantity: amountText(resource, resource.quantity),
  })
}

/** Nothing left to take: a limited resource whose remaining quantity is 0. */
export function isUsedUp(resource: Pick<Resource, 'quantity' | 'remaining'>): boolean {
  return resource.quantity !== null && resource.quantity !== undefined && (resource.remaining ?? 0) <= 0
}

/** `长期可用`, or the date ranges and weekly times: `2026-05-01 至 2026-06-30；每周一 09:00–11:30`. */
export function availabilityText(availability: Availability): string {
  if (availability.always) return t('resources.always')
  const parts = [
    ...(availability.date_ranges ?? []).map((range) => t('resources.rangeText', { from: range.from, to: range.to })),
    ...(availability.weekly ?? []).map((slot) =>
      t('resources.weekdayText', { day: t(`resources.weekday.d${slot.weekday}`), from: slot.from, to: slot.to }),
    ),
  ]
  return parts.length ? parts.join('；') : t('resources.always')
}
