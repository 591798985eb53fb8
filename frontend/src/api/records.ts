import { api, compactQuery, queryString, unwrap } from './client'
import type { operations, paths } from './schema'
import type { AdjustServiceRecord, CreateServiceRecord, ListPage, ServiceRecord, Totals } from './types'

/**
 * Query of `GET /service-records`: page, page_size, sort, volunteer_id,
 * project_id, unit_id (the volunteers' work unit), area_id (where the
 * service was done, and below), from, to (days served), kind.
 */
export type RecordListQuery = NonNullable<operations['list_records']['parameters']['query']>

/** Fields `GET /service-records` sorts by; the default is `-service_date`. */
export const RECORD_SORT_FIELDS = ['service_date', 'created_at', 'minutes', 'id'] as const

/** Service records in reach: originals (with their effective minutes) and adjustments. */
export function listRecords(query: RecordListQuery = {}): Promise<ListPage<ServiceRecord>> {
  return unwrap(api.GET('/api/v1/service-records', { params: { query: compactQuery(query) } }))
}

export function getRecord(id: number): Promise<ServiceRecord> {
  return unwrap(api.GET('/api/v1/service-records/{id}', { params: { path: { id } } }))
}

const EXPORT_PATH = '/api/v1/service-records/export' satisfies keyof paths

/** Query of `GET /service-records/export`: the list's filters and sort, no paging. */
export type RecordExportQuery = Omit<NonNullable<operations['export_records']['parameters']['query']>, 'page' | 'page_size' | 'cursor'>

/** `GET /service-records/export` with the list's filters and sort: the records as .xlsx. */
export function recordExportPath(query: RecordExportQuery): string {
  return `${EXPORT_PATH}${queryString(query)}`
}

/** Query of `GET /service-records/totals`: group_by, from, to, area_id, volunteer_id, unit_id, project_id, limit. */
export type TotalsQuery = operations['record_totals']['parameters']['query']

/** Confirmed hours (adjustments counted) grouped by volunteer, unit, area, month or year. */
export function recordTotals(query: TotalsQuery): Promise<Totals> {
  return unwrap(api.GET('/api/v1/service-records/totals', { params: { query: compactQuery(query) } }))
}

/**
 * 补录时长: hours the organiser enters for service not signed up through the
 * system. 403 for someone not organising the project; 422 `in_the_future` on
 * `service_date`, `not_found` on `volunteer_id` or `project_id`.
 */
export function createRecord(body: CreateServiceRecord): Promise<ServiceRecord> {
  return unwrap(api.POST('/api/v1/service-records', { body }))
}

/**
 * 更正: a new adjustment record carrying the difference; the original is
 * never edited. 409 `invalid_transition` on an adjustment; 422 `unchanged`
 * on `corrected_minutes` when the original already counts that.
 */
export function adjustRecord(id: number, body: AdjustServiceRecord): Promise<ServiceRecord> {
  return unwrap(api.POST('/api/v1/service-records/{id}/adjust', { params: { path: { id } }, body }))
}
