import { api, rawRequest, unwrap } from './client'
import type { paths } from './schema'
import type { CreateVisit, ListPage, PhotoRef, Visit } from './types'

/** A pairing's visits, newest first. */
export function listVisits(pairingId: number, query: { page?: number; page_size?: number } = {}): Promise<ListPage<Visit>> {
  return unwrap(api.GET('/api/v1/pairings/{id}/visits', { params: { path: { id: pairingId }, query } }))
}

/**
 * 记录走访 on an active pairing: grid workers in reach or the pairing's own
 * helper. 422 `in_the_future` / `out_of_range` on `visited_on`, `required` or
 * `not_applicable` on `paperwork`, `out_of_range` on `follow_up_on`.
 */
export function createVisit(pairingId: number, body: CreateVisit): Promise<Visit> {
  return unwrap(api.POST('/api/v1/pairings/{id}/visits', { params: { path: { id: pairingId } }, body }))
}

const PHOTOS_PATH = '/api/v1/visits/{id}/photos' satisfies keyof paths
const PHOTO_PATH = '/api/v1/visits/{id}/photos/{photo_id}' satisfies keyof paths

/**
 * One photo of a visit, sent as the raw body with its image type. 409
 * `too_many_photos` past nine; 413 over 5 MiB; 415 not a JPEG, PNG or WebP.
 */
export async function uploadVisitPhoto(visitId: number, file: Blob): Promise<PhotoRef> {
  const response = await rawRequest(PHOTOS_PATH.replace('{id}', String(visitId)), {
    method: 'POST',
    headers: { 'Content-Type': file.type },
    body: file,
  })
  return (await response.json()) as PhotoRef
}

export function visitPhotoPath(visitId: number, photoId: number): string {
  return PHOTO_PATH.replace('{id}', String(visitId)).replace('{photo_id}', String(photoId))
}

/** The image itself: it needs the bearer token, so it comes by `fetch` as a blob, never by a plain `<img src>`. */
export async function fetchVisitPhoto(visitId: number, photoId: number): Promise<Blob> {
  const response = await rawRequest(visitPhotoPath(visitId, photoId))
  return response.blob()
}
