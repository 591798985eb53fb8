import { api, compactQuery, queryString, unwrap } from './client'
import type { operations, paths } from './schema'
import type { Agreement, CreateAgreement, ListPage, RenewAgreement, UpdateAgreement } from './types'

/**
 * Query of `GET /agreements`: page, page_size, sort, q (unit name), unit_id,
 * community_id, area_id (communities in that subtree), status, expiring_within_days.
 */
export type AgreementListQuery = NonNullable<operations['list_agreements']['parameters']['query']>

/** Fields `GET /agreements` sorts by; the default is `-starts_on`. */
export const AGREEMENT_SORT_FIELDS = ['starts_on', 'ends_on', 'signed_on', 'created_at', 'id'] as const

/** "Expiring soon" on the list: active agreements whose last day is within this many days. */
export const EXPIRING_DAYS = 30

export function listAgreements(query: AgreementListQuery = {}): Promise<ListPage<Agreement>> {
  return unwrap(api.GET('/api/v1/agreements', { params: { query: compactQuery(query) } }))
}

export function getAgreement(id: number): Promise<Agreement> {
  return unwrap(api.GET('/api/v1/agreements/{id}', { params: { path: { id } } }))
}

/**
 * A new draft. 422 `not_a_community` / `not_found` on `community_id`,
 * `unit_withdrawn` / `not_found` on `unit_id`, `ends_before_start` on `ends_on`.
 */
export function createAgreement(body: CreateAgreement): Promise<Agreement> {
  return unwrap(api.POST('/api/v1/agreements', { body }))
}

/** Only a draft (409 `invalid_transition` otherwise); `members` replaces the list. */
export function updateAgreement(id: number, ifMatch: string, patch: UpdateAgreement): Promise<Agreement> {
  return unwrap(
    api.PATCH('/api/v1/agreements/{id}', {
      params: { path: { id }, header: { 'If-Match': ifMatch } },
      body: patch,
    }),
  )
}

/** Draft → active. 409 `agreement_overlap` while another active term of the same unit and community overlaps. */
export function activateAgreement(id: number): Promise<Agreement> {
  return unwrap(api.POST('/api/v1/agreements/{id}/activate', { params: { path: { id } } }))
}

/** Active → terminated; the reason is required. */
export function terminateAgreement(id: number, reason: string): Promise<Agreement> {
  return unwrap(api.POST('/api/v1/agreements/{id}/terminate', { params: { path: { id } }, body: { reason } }))
}

/** From an active or expired agreement: a new draft for the new term, copying unit, community, duties and members. */
export function renewAgreement(id: number, body: RenewAgreement): Promise<Agreement> {
  return unwrap(api.POST('/api/v1/agreements/{id}/renew', { params: { path: { id } }, body }))
}

const EXPORT_PATH = '/api/v1/agreements/export' satisfies keyof paths

/** Query of `GET /agreements/export`: the list's filters and sort, no paging. */
export type AgreementExportQuery = NonNullable<operations['export_agreements']['parameters']['query']>

/** `GET /agreements/export` with the list's filters and sort: every matching agreement as .xlsx. */
export function agreementExportPath(query: AgreementExportQuery): string {
  return `${EXPORT_PATH}${queryString(query)}`
}
