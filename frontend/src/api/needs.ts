import { api, compactQuery, unwrap } from './client'
import type { operations } from './schema'
import type { CreateNeed, ListPage, Need, NeedMatch, UpdateNeed } from './types'

/**
 * Query of `GET /needs`: page, page_size, sort, q (title), category, status,
 * urgency, area_id (that area and everything under it), overdue.
 */
export type NeedListQuery = NonNullable<operations['list_needs']['parameters']['query']>

/** Fields `GET /needs` sorts by; the default is `-created_at`. */
export const NEED_SORT_FIELDS = ['created_at', 'updated_at', 'wanted_by', 'title', 'id'] as const

/** The need board: needs of the areas in the caller's subtree. */
export function listNeeds(query: NeedListQuery = {}): Promise<ListPage<Need>> {
  return unwrap(api.GET('/api/v1/needs', { params: { query: compactQuery(query) } }))
}

export function getNeed(id: number): Promise<Need> {
  return unwrap(api.GET('/api/v1/needs/{id}', { params: { path: { id } } }))
}

/** For a community or grid in reach; 422 `wrong_area_kind` / `not_found` on `area_id`. It starts `open`. */
export function createNeed(body: CreateNeed): Promise<Need> {
  return unwrap(api.POST('/api/v1/needs', { body }))
}

/** While the need is pending (409 `invalid_transition` once done or closed). */
export function updateNeed(id: number, ifMatch: string, patch: UpdateNeed): Promise<Need> {
  return unwrap(
    api.PATCH('/api/v1/needs/{id}', {
      params: { path: { id }, header: { 'If-Match': ifMatch } },
      body: patch,
    }),
  )
}

/** 未满足关闭: an open need only (409 `invalid_transition` while it has live services); the reason is required. */
export function closeNeed(id: number, reason: string): Promise<Need> {
  return unwrap(api.POST('/api/v1/needs/{id}/close', { params: { path: { id } }, body: { reason } }))
}

/** Resources ranked for the need, best first, each with its score (0–100) and the reasons. */
export function needMatches(id: number, limit?: number): Promise<NeedMatch[]> {
  return unwrap(api.GET('/api/v1/needs/{id}/matches', { params: { path: { id }, query: compactQuery({ limit }) } }))
}
