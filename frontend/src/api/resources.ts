import { api, compactQuery, unwrap } from './client'
import type { operations } from './schema'
import type { CreateResource, ListPage, Resource, UpdateResource } from './types'

/**
 * Query of `GET /resources`: page, page_size, sort, q (title), category,
 * status, shelf (`true`: the party-building supermarket), unit_id, area_id.
 */
export type ResourceListQuery = NonNullable<operations['list_resources']['parameters']['query']>

/** Fields `GET /resources` sorts by; the default is `-created_at`. */
export const RESOURCE_SORT_FIELDS = ['title', 'category', 'created_at', 'updated_at', 'id'] as const

/** Resources serving the caller's area; a unit contact also sees all of their own unit's. */
export function listResources(query: ResourceListQuery = {}): Promise<ListPage<Resource>> {
  return unwrap(api.GET('/api/v1/resources', { params: { query: compactQuery(query) } }))
}

export function getResource(id: number): Promise<Resource> {
  return unwrap(api.GET('/api/v1/resources/{id}', { params: { path: { id } } }))
}

/**
 * A unit contact offers for their own unit (no `unit_id`); staff name the
 * unit. 422 `unit_withdrawn` / `not_found` on `unit_id`, `not_found` on
 * `area_ids.N`, `ends_before_start` / `invalid_time` / `not_applicable` under `availability`.
 */
export function createResource(body: CreateResource): Promise<Resource> {
  return unwrap(api.POST('/api/v1/resources', { body }))
}

/** Changes the fields sent; 422 `below_reserved` on `quantity` lowered below what accepted services hold. */
export function updateResource(id: number, ifMatch: string, patch: UpdateResource): Promise<Resource> {
  return unwrap(
    api.PATCH('/api/v1/resources/{id}', {
      params: { path: { id }, header: { 'If-Match': ifMatch } },
      body: patch,
    }),
  )
}
