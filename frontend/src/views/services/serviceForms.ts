import type { CreateService, DeliverService, RateService, Resource } from '@/api/types'
import { daysBetween } from '@/utils/date'

/**
 * The small forms of a service's life: the shelf order (点单), the delivery
 * report (交付) and the rating (评价). Their models, the rules the form
 * checks before asking the server, and the bodies they send.
 */

export const NOTE_MAX = 2000
export const DELIVERY_NOTES_MAX = 5000
export const COMMENT_MAX = 2000
export const PHOTOS_MAX = 20
export const QUANTITY_MAX = 2_000_000_000

export interface OrderFormModel {
  area_id: number | undefined
  quantity: number
  wanted_by: string
  note: string
}

export function emptyOrder(areaId?: number): OrderFormModel {
  return { area_id: areaId, quantity: 1, wanted_by: '', note: '' }
}

/** The most one order may ask for: what remains of a limited resource. */
export function maxQuantity(resource: Pick<Resource, 'quantity' | 'remaining'>): number {
  if (resource.quantity === null || resource.quantity === undefined) return QUANTITY_MAX
  return Math.max(0, resource.remaining ?? 0)
}

/** A wanted-by day before today (`today` as `YYYY-MM-DD`); empty is fine. */
export function isPastDay(day: string, today: string): boolean {
  return day !== '' && daysBetween(today, day) < 0
}

function optional(value: string): string | null {
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

/** 点单: a shelf item for a community or grid. */
export function orderBody(resource: Pick<Resource, 'id'>, form: OrderFormModel & { area_id: number }): CreateService {
  return {
    resource_id: resource.id,
    area_id: form.area_id,
    quantity: form.quantity,
    wanted_by: form.wanted_by || null,
    note: optional(form.note),
  }
}

/** 提出服务: a resource proposed for a need; the area and wanted-by day are the need's. */
export function proposalBody(needId: number, resourceId: number): CreateService {
  return { need_id: needId, resource_id: resourceId, quantity: 1 }
}

export interface DeliverFormModel {
  delivered_on: string
  participants: number | undefined
  beneficiaries_reached: number | undefined
  notes: string
  /** One address a line. */
  photos: string
}

export function emptyDelivery(today: string): DeliverFormModel {
  return { delivered_on: today, participants: undefined, beneficiaries_reached: undefined, notes: '', photos: '' }
}

export function photoLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

const PHOTO_URL = /^https?:\/\/\S+$/

/** The first photo line that is not an http(s) address, counted from 1; 0 when all are. */
export function badPhotoLine(text: string): number {
  const index = photoLines(text).findIndex((line) => !PHOTO_URL.test(line) || line.length > 1000)
  return index + 1
}

export function deliverBody(form: DeliverFormModel): DeliverService {
  return {
    delivered_on: form.delivered_on,
    participants: form.participants ?? null,
    beneficiaries_reached: form.beneficiaries_reached ?? null,
    notes: optional(form.notes),
    photo_urls: photoLines(form.photos),
  }
}

export interface RateFormModel {
  score: number
  comment: string
}

export function emptyRating(): RateFormModel {
  return { score: 0, comment: '' }
}

/** 1 to 5 whole stars. */
export function validScore(score: number): boolean {
  return Number.isInteger(score) && score >= 1 && score <= 5
}

export function rateBody(form: RateFormModel): RateService {
  return { score: form.score, comment: optional(form.comment) }
}
