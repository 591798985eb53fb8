import { api, compactQuery, queryString, unwrap } from './client'
import type { operations, paths } from './schema'
import type { CreateVolunteer, ListPage, UpdateVolunteer, Volunteer } from './types'

/**
 * Query of `GET /volunteers`: page, page_size, sort, q (name, phone or
 * volunteer number), political_status, in_service, area_id (that area and
 * below), skill (one whole skill), status.
 */
export type VolunteerListQuery = NonNullable<operations['list_volunteers']['parameters']['query']>

/** Fields `GET /volunteers` sorts by. */
export const VOLUNTEER_SORT_FIELDS = ['created_at', 'updated_at', 'name', 'volunteer_no', 'id'] as const

/** Volunteers reporting to an area in the caller's subtree; identity numbers masked. */
export function listVolunteers(query: VolunteerListQuery = {}): Promise<ListPage<Volunteer>> {
  return unwrap(api.GET('/api/v1/volunteers', { params: { query: compactQuery(query) } }))
}

export function getVolunteer(id: number): Promise<Volunteer> {
  return unwrap(api.GET('/api/v1/volunteers/{id}', { params: { path: { id } } }))
}

/** Entered by staff: active at once. 422 `invalid_id_number`, 409 `duplicate` on `phone` or `id_number`. */
export function createVolunteer(body: CreateVolunteer): Promise<Volunteer> {
  return unwrap(api.POST('/api/v1/volunteers', { body }))
}

export function updateVolunteer(id: number, ifMatch: string, patch: UpdateVolunteer): Promise<Volunteer> {
  return unwrap(
    api.PATCH('/api/v1/volunteers/{id}', {
      params: { path: { id }, header: { 'If-Match': ifMatch } },
      body: patch,
    }),
  )
}

/** 审核通过: a pending registration becomes active (409 `invalid_transition` otherwise). */
export function approveVolunteer(id: number): Promise<Volunteer> {
  return unwrap(api.POST('/api/v1/volunteers/{id}/approve', { params: { path: { id } } }))
}

/** 驳回: a pending registration, with the reason the volunteer will see. */
export function rejectVolunteer(id: number, reason: string): Promise<Volunteer> {
  return unwrap(api.POST('/api/v1/volunteers/{id}/reject', { params: { path: { id } }, body: { reason } }))
}

/**
 * The plain identity number (`volunteers.reveal_id`). A POST so that neither
 * the reason nor the number lands in a URL; every reveal is audited with the reason.
 */
export async function revealIdNumber(id: number, reason: string): Promise<string> {
  const answer = await unwrap(
    api.POST('/api/v1/volunteers/{id}/id-number/reveal', { params: { path: { id } }, body: { reason } }),
  )
  return answer.id_number
}

const EXPORT_PATH = '/api/v1/volunteers/export' satisfies keyof paths

/** Query of `GET /volunteers/export`: the list's filters and sort, no paging. */
export type VolunteerExportQuery = NonNullable<operations['export_volunteers']['parameters']['query']>

/** `GET /volunteers/export` (志愿者台账): every matching volunteer with their hours, identity numbers masked. */
export function volunteerExportPath(query: VolunteerExportQuery): string {
  return `${EXPORT_PATH}${queryString(query)}`
}
