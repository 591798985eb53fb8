import { POLITICAL_STATUSES, VOLUNTEER_STATUSES, type Volunteer, type VolunteerStatus } from '@/api/types'
import { asBoolean, asNumber, asString, oneOf } from '@/composables/useListQuery'

/** The filters of the volunteer list, as they appear in the URL. `area_id`: that area and below. */
export const VOLUNTEER_FILTERS = {
  q: asString,
  political_status: oneOf(POLITICAL_STATUSES),
  in_service: asBoolean,
  area_id: asNumber,
  status: oneOf(VOLUNTEER_STATUSES),
  skill: asString,
}

export type VolunteerFilterSpec = typeof VOLUNTEER_FILTERS

type TagType = 'info' | 'success' | 'warning' | 'danger' | 'primary'

export const VOLUNTEER_STATUS_TAG: Record<VolunteerStatus, TagType> = {
  pending: 'warning',
  active: 'success',
  rejected: 'danger',
  inactive: 'info',
}

/** What a caller with these permissions may do with a volunteer in its state. */
export function volunteerActionsOf(volunteer: Pick<Volunteer, 'status' | 'id_number'>, permissions: readonly string[]) {
  const write = permissions.includes('volunteers.write')
  return {
    edit: write && volunteer.status !== 'rejected',
    decide: write && volunteer.status === 'pending',
    reveal: permissions.includes('volunteers.reveal_id') && Boolean(volunteer.id_number),
    issue: permissions.includes('certificates.issue') && volunteer.status !== 'pending' && volunteer.status !== 'rejected',
  }
}
