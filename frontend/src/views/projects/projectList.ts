import { NEED_CATEGORIES, PROJECT_STATUSES, type Project, type ProjectStatus } from '@/api/types'
import type { ProjectStep } from '@/api/projects'
import { asNumber, asString, oneOf } from '@/composables/useListQuery'

/** The filters of the project list, as they appear in the URL. `area_id`: that area and below. */
export const PROJECT_FILTERS = {
  q: asString,
  status: oneOf(PROJECT_STATUSES),
  category: oneOf(NEED_CATEGORIES),
  area_id: asNumber,
}

export type ProjectFilterSpec = typeof PROJECT_FILTERS

type TagType = 'info' | 'success' | 'warning' | 'danger' | 'primary'

export const PROJECT_STATUS_TAG: Record<ProjectStatus, TagType> = {
  draft: 'info',
  recruiting: 'warning',
  in_progress: 'primary',
  completed: 'success',
  cancelled: 'danger',
}

/** The one step forward from each status (the server's transitions), besides cancelling. */
export const NEXT_STEP: Record<ProjectStatus, ProjectStep | null> = {
  draft: 'publish',
  recruiting: 'start',
  in_progress: 'complete',
  completed: null,
  cancelled: null,
}

/** Not yet completed or cancelled: editable, cancellable, shifts can be added. */
export function isOpen(status: ProjectStatus): boolean {
  return status !== 'completed' && status !== 'cancelled'
}

/** What a caller with these permissions may do with a project in its state. */
export function projectActionsOf(project: Pick<Project, 'status'>, permissions: readonly string[]) {
  const write = permissions.includes('projects.write')
  return {
    edit: write && isOpen(project.status),
    step: write ? NEXT_STEP[project.status] : null,
    cancel: write && isOpen(project.status),
  }
}
