import { api, compactQuery, unwrap } from './client'
import type { operations } from './schema'
import type { CreatePairing, EndPairing, ListPage, Pairing, UpdatePairing } from './types'

/**
 * Query of `GET /pairings`: page, page_size, sort (default `due_on`), area_id,
 * household_id, status, overdue, helper_kind, unit_id, volunteer_id.
 */
export type PairingListQuery = NonNullable<operations['list_pairings']['parameters']['query']>

/** Fields `GET /pairings` sorts by. */
export const PAIRING_SORT_FIELDS = ['due_on', 'starts_on', 'last_visit_on', 'created_at', 'id'] as const

/** Pairings (结对帮扶) of households in reach; `overdue: true` is the overdue list (走访逾期). */
export function listPairings(query: PairingListQuery = {}): Promise<ListPage<Pairing>> {
  return unwrap(api.GET('/api/v1/pairings', { params: { query: compactQuery(query) } }))
}

export function getPairing(id: number): Promise<Pairing> {
  return unwrap(api.GET('/api/v1/pairings/{id}', { params: { path: { id } } }))
}

/** Exactly one of `unit_id` and `volunteer_id`; 409 `already_paired` when that helper is paired with the household already. */
export function createPairing(body: CreatePairing): Promise<Pairing> {
  return unwrap(api.POST('/api/v1/pairings', { body }))
}

/** Plan, goals or the visit interval (which moves `due_on` at once). */
export function updatePairing(id: number, ifMatch: string, patch: UpdatePairing): Promise<Pairing> {
  return unwrap(
    api.PATCH('/api/v1/pairings/{id}', {
      params: { path: { id }, header: { 'If-Match': ifMatch } },
      body: patch,
    }),
  )
}

/** 结束结对: with a reason; the pairing stays, with its visits, as history. */
export function endPairing(id: number, body: EndPairing): Promise<Pairing> {
  return unwrap(api.POST('/api/v1/pairings/{id}/end', { params: { path: { id } }, body }))
}

/** `all`, `week` (due by Sunday, overdue included) or `overdue`. */
export type MyPairingsDue = NonNullable<NonNullable<operations['my_pairings']['parameters']['query']>['due']>

/** 我的结对: the signed-in helper's active pairings, most urgent first. */
export function myPairings(due: MyPairingsDue = 'all'): Promise<Pairing[]> {
  return unwrap(api.GET('/api/v1/me/pairings', { params: { query: { due } } }))
}
