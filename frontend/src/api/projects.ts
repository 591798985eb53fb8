import { api, compactQuery, unwrap, unwrapEmpty } from './client'
import type { operations } from './schema'
import type {
  CreateProject,
  CreateShift,
  Enrollment,
  GenerateShifts,
  ListPage,
  Project,
  Shift,
  UpdateProject,
  UpdateShift,
} from './types'

/** Query of `GET /volunteer-projects`: page, page_size, sort, q (title), status, category, area_id. */
export type ProjectListQuery = NonNullable<operations['list_projects']['parameters']['query']>

export function listProjects(query: ProjectListQuery = {}): Promise<ListPage<Project>> {
  return unwrap(api.GET('/api/v1/volunteer-projects', { params: { query: compactQuery(query) } }))
}

export function getProject(id: number): Promise<Project> {
  return unwrap(api.GET('/api/v1/volunteer-projects/{id}', { params: { path: { id } } }))
}

/** Starts as a draft (草稿). */
export function createProject(body: CreateProject): Promise<Project> {
  return unwrap(api.POST('/api/v1/volunteer-projects', { body }))
}

export function updateProject(id: number, ifMatch: string, patch: UpdateProject): Promise<Project> {
  return unwrap(
    api.PATCH('/api/v1/volunteer-projects/{id}', {
      params: { path: { id }, header: { 'If-Match': ifMatch } },
      body: patch,
    }),
  )
}

/** The status actions without a body; each is 409 `invalid_transition` from the wrong status. */
export type ProjectStep = 'publish' | 'start' | 'complete'

export function stepProject(id: number, step: ProjectStep): Promise<Project> {
  const params = { params: { path: { id } } }
  switch (step) {
    case 'publish':
      return unwrap(api.POST('/api/v1/volunteer-projects/{id}/publish', params))
    case 'start':
      return unwrap(api.POST('/api/v1/volunteer-projects/{id}/start', params))
    case 'complete':
      return unwrap(api.POST('/api/v1/volunteer-projects/{id}/complete', params))
  }
}

/** 取消: from any status before completion; the reason is required. */
export function cancelProject(id: number, reason: string): Promise<Project> {
  return unwrap(api.POST('/api/v1/volunteer-projects/{id}/cancel', { params: { path: { id } }, body: { reason } }))
}

export async function listShifts(projectId: number): Promise<Shift[]> {
  const answer = await unwrap(api.GET('/api/v1/volunteer-projects/{id}/shifts', { params: { path: { id: projectId } } }))
  return answer.items
}

export function createShift(projectId: number, body: CreateShift): Promise<Shift> {
  return unwrap(api.POST('/api/v1/volunteer-projects/{id}/shifts', { params: { path: { id: projectId } }, body }))
}

/** One shift per day and window, all in one transaction; 422 `overlapping_windows`, too many days or shifts. */
export async function generateShifts(projectId: number, body: GenerateShifts): Promise<Shift[]> {
  const answer = await unwrap(
    api.POST('/api/v1/volunteer-projects/{id}/shifts/generate', { params: { path: { id: projectId } }, body }),
  )
  return answer.items
}

/** Places left and the waitlist; for the organiser also the roster and the check-in code. */
export function getShift(id: number): Promise<Shift> {
  return unwrap(api.GET('/api/v1/shifts/{id}', { params: { path: { id } } }))
}

/**
 * Moves a shift or changes its places. 409 `has_sign_ups` when its times
 * change while volunteers stand signed up; 422 `below_taken` on `places`;
 * more places go to the waitlist at once.
 */
export function updateShift(id: number, ifMatch: string, patch: UpdateShift): Promise<Shift> {
  return unwrap(
    api.PATCH('/api/v1/shifts/{id}', {
      params: { path: { id }, header: { 'If-Match': ifMatch } },
      body: patch,
    }),
  )
}

/** Only a shift nobody ever signed up for: 409 `still_referenced` otherwise, even after a withdrawal. */
export function deleteShift(id: number, ifMatch: string): Promise<void> {
  return unwrapEmpty(
    api.DELETE('/api/v1/shifts/{id}', {
      params: { path: { id }, header: { 'If-Match': ifMatch } },
    }),
  )
}

/** What the organiser or a grid worker does to one sign-up on the roster. */
export type EnrollmentStep = 'approve' | 'check-in' | 'check-out' | 'confirm-hours' | 'no-show'

export function stepEnrollment(id: number, step: EnrollmentStep): Promise<Enrollment> {
  const path = { params: { path: { id } } }
  switch (step) {
    case 'approve':
      return unwrap(api.POST('/api/v1/enrollments/{id}/approve', path))
    case 'check-in':
      // Staff on the spot check in without the shift's code.
      return unwrap(api.POST('/api/v1/enrollments/{id}/check-in', { ...path, body: {} }))
    case 'check-out':
      return unwrap(api.POST('/api/v1/enrollments/{id}/check-out', path))
    case 'confirm-hours':
      return unwrap(api.POST('/api/v1/enrollments/{id}/confirm-hours', path))
    case 'no-show':
      return unwrap(api.POST('/api/v1/enrollments/{id}/no-show', path))
  }
}

export function rejectEnrollment(id: number, reason: string): Promise<Enrollment> {
  return unwrap(api.POST('/api/v1/enrollments/{id}/reject', { params: { path: { id } }, body: { reason } }))
}

export function withdrawEnrollment(id: number, reason: string | null): Promise<Enrollment> {
  return unwrap(api.POST('/api/v1/enrollments/{id}/withdraw', { params: { path: { id } }, body: { reason } }))
}
