import type {
  Availability,
  CreateResource,
  Resource,
  ResourceCategory,
  ResourceStatus,
  UpdateResource,
} from '@/api/types'

/**
 * The resource form (资源表单): its model and the bodies it sends. Funds are
 * entered in yuan and sent in fen; an edit sends only what changed.
 */

export interface RangeRow {
  /** `[from, to]` as the date-range picker gives it, or null while unset. */
  days: [string, string] | null
}

export interface SlotRow {
  weekday: number
  from: string
  to: string
}

export interface ResourceFormModel {
  unit_id: number | undefined
  category: ResourceCategory | ''
  title: string
  description: string
  unlimited: boolean
  /** In the measure; yuan for funds. */
  quantity: number | undefined
  measure: string
  area_ids: number[]
  always: boolean
  ranges: RangeRow[]
  slots: SlotRow[]
  contact_name: string
  contact_phone: string
  status: ResourceStatus
  shelf: boolean
}

export const TITLE_MAX = 200
export const DESCRIPTION_MAX = 5000
export const MEASURE_MAX = 50
export const QUANTITY_MAX = 2_000_000_000
/** Funds are stored in fen. */
export const FUNDS_MEASURE = '分'

export function emptyForm(): ResourceFormModel {
  return {
    unit_id: undefined,
    category: '',
    title: '',
    description: '',
    unlimited: false,
    quantity: undefined,
    measure: '',
    area_ids: [],
    always: true,
    ranges: [],
    slots: [],
    contact_name: '',
    contact_phone: '',
    status: 'available',
    shelf: false,
  }
}

export function formOf(resource: Resource): ResourceFormModel {
  const funds = resource.category === 'funds'
  const quantity = resource.quantity ?? undefined
  return {
    unit_id: resource.unit.id,
    category: resource.category,
    title: resource.title,
    description: resource.description ?? '',
    unlimited: quantity === undefined,
    quantity: quantity === undefined ? undefined : funds ? quantity / 100 : quantity,
    measure: funds ? '' : (resource.measure ?? ''),
    area_ids: resource.areas.map((area) => area.id),
    always: resource.availability.always ?? false,
    ranges: (resource.availability.date_ranges ?? []).map((range) => ({ days: [range.from, range.to] })),
    slots: (resource.availability.weekly ?? []).map((slot) => ({ ...slot })),
    contact_name: resource.contact_name ?? '',
    contact_phone: resource.contact_phone ?? '',
    status: resource.status,
    shelf: resource.shelf,
  }
}

function optional(value: string): string | null {
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

/** The quantity as the API counts it (fen for funds); null for no limit. */
export function quantityOf(form: Pick<ResourceFormModel, 'unlimited' | 'quantity' | 'category'>): number | null {
  if (form.unlimited || form.quantity === undefined || form.quantity === null) return null
  return form.category === 'funds' ? Math.round(form.quantity * 100) : Math.round(form.quantity)
}

function measureOf(form: ResourceFormModel): string | null {
  if (form.category === 'funds') return form.unlimited ? null : FUNDS_MEASURE
  return optional(form.measure)
}

export function availabilityOf(form: Pick<ResourceFormModel, 'always' | 'ranges' | 'slots'>): Availability {
  if (form.always) return { always: true, date_ranges: [], weekly: [] }
  return {
    always: false,
    date_ranges: form.ranges.flatMap((row) => (row.days ? [{ from: row.days[0], to: row.days[1] }] : [])),
    weekly: form.slots.map((slot) => ({ weekday: slot.weekday, from: slot.from, to: slot.to })),
  }
}

/** What the form itself refuses about availability, before the server is asked: an i18n key or null. */
export function availabilityProblem(form: Pick<ResourceFormModel, 'always' | 'ranges' | 'slots'>): string | null {
  if (form.always) return null
  if (form.ranges.length === 0 && form.slots.length === 0) return 'resources.rule.availabilityRequired'
  if (form.ranges.some((row) => !row.days || !row.days[0] || !row.days[1])) return 'resources.rule.rangeIncomplete'
  if (form.slots.some((slot) => !slot.weekday || !slot.from || !slot.to)) return 'resources.rule.slotIncomplete'
  // `HH:MM` text compares in time order.
  if (form.slots.some((slot) => slot.to <= slot.from)) return 'resources.rule.slotEndsBeforeStart'
  return null
}

export function createBody(form: ResourceFormModel & { category: ResourceCategory }, ownUnit: boolean): CreateResource {
  return {
    ...(ownUnit ? {} : { unit_id: form.unit_id ?? null }),
    category: form.category,
    title: form.title.trim(),
    description: optional(form.description),
    quantity: quantityOf(form),
    measure: measureOf(form),
    area_ids: form.area_ids,
    availability: availabilityOf(form),
    contact_name: optional(form.contact_name),
    contact_phone: optional(form.contact_phone),
    status: form.status,
    shelf: form.shelf,
  }
}

function sameIds(a: number[], b: number[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join()
}

/** The PATCH body: only what changed; `area_ids` and `availability` go whole when any part changed. */
export function updateBody(resource: Resource, form: ResourceFormModel): UpdateResource {
  const before = formOf(resource)
  const patch: UpdateResource = {}
  if (form.category !== '' && form.category !== before.category) patch.category = form.category
  if (form.title.trim() !== before.title) patch.title = form.title.trim()
  if (optional(form.description) !== optional(before.description)) patch.description = optional(form.description)
  const quantity = quantityOf(form)
  if (quantity !== (resource.quantity ?? null)) patch.quantity = quantity
  const measure = measureOf(form)
  if (measure !== (resource.measure ?? null)) patch.measure = measure
  if (form.area_ids.length > 0 && !sameIds(form.area_ids, before.area_ids)) patch.area_ids = form.area_ids
  const availability = availabilityOf(form)
  if (JSON.stringify(availability) !== JSON.stringify(availabilityOf(before))) patch.availability = availability
  if (optional(form.contact_name) !== optional(before.contact_name)) patch.contact_name = optional(form.contact_name)
  if (optional(form.contact_phone) !== optional(before.contact_phone)) patch.contact_phone = optional(form.contact_phone)
  if (form.status !== before.status) patch.status = form.status
  if (form.shelf !== before.shelf) patch.shelf = form.shelf
  return patch
}
