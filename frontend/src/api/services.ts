import { api, compactQuery, queryString, unwrap } from './client'
import type { operations, paths } from './schema'
import type { CreateService, DeliverService, ListPage, RateService, Service } from './types'

/**
 * Query of `GET /services`: page, page_size, sort, q (resource title),
 * status, kind, unit_id (with `status=ordered`: a unit's inbox), need_id,
 * resource_id, area_id (ordering area and below), overdue.
 */
export type ServiceListQuery = NonNullable<operations['list_services']['parameters']['query']>

/** Fields `GET /services` sorts by; the default is `-created_at`. */
export const SERVICE_SORT_FIELDS = ['created_at', 'updated_at', 'wanted_by', 'id'] as const

/** Services in reach, each with its timeline. */
export function listServices(query: ServiceListQuery = {}): Promise<ListPage<Service>> {
  return unwrap(api.GET('/api/v1/services', { params: { query: compactQuery(query) } }))
}

const EXPORT_PATH = '/api/v1/services/export' satisfies keyof paths

/** Query of `GET /services/export`: the list's filters and sort, no paging. */
export type ServiceExportQuery = NonNullable<operations['export_services']['parameters']['query']>

/** `GET /services/export` with the list's filters and sort: the service ledger as .xlsx. */
export function serviceExportPath(query: ServiceExportQuery): string {
  return `${EXPORT_PATH}${queryString(query)}`
}

export function getService(id: number): Promise<Service> {
  return unwrap(api.GET('/api/v1/services/{id}', { params: { path: { id } } }))
}

/**
 * 提出服务 (`need_id` + `resource_id`) or 点单 (`resource_id` + `area_id`
 * of a shelf item). 409 `invalid_transition` for a need done or closed; 422
 * `resource_unavailable`, `not_on_shelf`, `unit_withdrawn` on `resource_id`.
 */
export function createService(body: CreateService): Promise<Service> {
  return unwrap(api.POST('/api/v1/services', { body }))
}

/** 接单: reserves the quantity. 409 `invalid_transition`, `insufficient_quantity`. */
export function acceptService(id: number): Promise<Service> {
  return unwrap(api.POST('/api/v1/services/{id}/accept', { params: { path: { id } } }))
}

/** 拒单, with the reason. */
export function declineService(id: number, reason: string): Promise<Service> {
  return unwrap(api.POST('/api/v1/services/{id}/decline', { params: { path: { id } }, body: { reason } }))
}

export function startService(id: number): Promise<Service> {
  return unwrap(api.POST('/api/v1/services/{id}/start', { params: { path: { id } } }))
}

/** 422 `in_the_future` on `delivered_on`, `invalid_url` on `photo_urls.N`. */
export function deliverService(id: number, body: DeliverService): Promise<Service> {
  return unwrap(api.POST('/api/v1/services/{id}/deliver', { params: { path: { id } }, body }))
}

/** 评价: 1–5 and a comment; closes the service. */
export function rateService(id: number, body: RateService): Promise<Service> {
  return unwrap(api.POST('/api/v1/services/{id}/rate', { params: { path: { id } }, body }))
}

/** Before delivery, by either side, with the reason; what was reserved is given back. */
export function cancelService(id: number, reason: string): Promise<Service> {
  return unwrap(api.POST('/api/v1/services/{id}/cancel', { params: { path: { id } }, body: { reason } }))
}
