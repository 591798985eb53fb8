import { api, compactQuery, unwrap } from './client'
import type { operations } from './schema'
import type { ClaimWish, CreateWish, ListPage, Wish } from './types'

/** Query of `GET /wishes`: page, page_size, sort, status, area_id, household_id, mine. */
export type WishListQuery = NonNullable<operations['list_wishes']['parameters']['query']>

/** Fields `GET /wishes` sorts by; the default is `-created_at`. */
export const WISH_SORT_FIELDS = ['created_at', 'claimed_at', 'id'] as const

/**
 * 微心愿: staff see the wishes of their subtree with the household; a helper
 * sees the open wishes of their community and those they claimed, without it.
 */
export function listWishes(query: WishListQuery = {}): Promise<ListPage<Wish>> {
  return unwrap(api.GET('/api/v1/wishes', { params: { query: compactQuery(query) } }))
}

/** 422 `not_applicable` on `household_id` for an archived household. */
export function createWish(body: CreateWish): Promise<Wish> {
  return unwrap(api.POST('/api/v1/wishes', { body }))
}

/**
 * 认领: `{}` for a helper claiming for themselves; staff name a unit or a
 * volunteer. 409 `already_claimed` when someone was quicker.
 */
export function claimWish(id: number, body: ClaimWish = {}): Promise<Wish> {
  return unwrap(api.POST('/api/v1/wishes/{id}/claim', { params: { path: { id } }, body }))
}

/** 标记已实现: how the wish was fulfilled. */
export function fulfilWish(id: number, note: string): Promise<Wish> {
  return unwrap(api.POST('/api/v1/wishes/{id}/fulfil', { params: { path: { id } }, body: { note } }))
}

/** 撤销: an open or claimed wish, with a reason. */
export function cancelWish(id: number, reason: string): Promise<Wish> {
  return unwrap(api.POST('/api/v1/wishes/{id}/cancel', { params: { path: { id } }, body: { reason } }))
}
