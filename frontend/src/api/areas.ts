import { api, compactQuery, unwrap, unwrapEmpty } from './client'
import type { operations } from './schema'
import type { Area, AreaKind, AreaNode, CreateArea, ListPage, UpdateArea } from './types'

/** Query of `GET /areas`: page, page_size, sort (`-field` for descending), q, kind, parent_id, area_id, code. */
export type AreaListQuery = NonNullable<operations['list_areas']['parameters']['query']>

/** Fields `GET /areas` sorts by. */
export const AREA_SORT_FIELDS = ['code', 'name', 'kind', 'depth', 'created_at', 'updated_at', 'id'] as const

export function listAreas(query: AreaListQuery = {}): Promise<ListPage<Area>> {
  return unwrap(api.GET('/api/v1/areas', { params: { query: compactQuery(query) } }))
}

/** The caller's subtree; `downTo` leaves out the kinds below it (`community` → no grids). */
export function getAreaTree(downTo?: AreaKind): Promise<AreaNode[]> {
  const query = downTo ? { down_to: downTo } : {}
  return unwrap(api.GET('/api/v1/areas/tree', { params: { query } }))
}

export function getArea(id: number): Promise<Area> {
  return unwrap(api.GET('/api/v1/areas/{id}', { params: { path: { id } } }))
}

export function createArea(body: CreateArea): Promise<Area> {
  return unwrap(api.POST('/api/v1/areas', { body }))
}

/** `ifMatch`: the ETag last read, `etagOf(area)`; 412 `precondition_failed` when stale. */
export function updateArea(id: number, ifMatch: string, patch: UpdateArea): Promise<Area> {
  return unwrap(
    api.PATCH('/api/v1/areas/{id}', {
      params: { path: { id }, header: { 'If-Match': ifMatch } },
      body: patch,
    }),
  )
}

/** 409 `still_referenced` while areas lie under it or accounts live in it. */
export function deleteArea(id: number, ifMatch: string): Promise<void> {
  return unwrapEmpty(
    api.DELETE('/api/v1/areas/{id}', {
      params: { path: { id }, header: { 'If-Match': ifMatch } },
    }),
  )
}
