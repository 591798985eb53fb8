import { rejectEnrollment, stepEnrollment, type EnrollmentStep } from '@/api/projects'
import type { Enrollment, EnrollmentStatus } from '@/api/types'
import { confirmAction } from '@/composables/confirmAction'
import { t } from '@/locales'
import { notifyError, notifySuccess } from '@/utils/notify'

type TagType = 'info' | 'success' | 'warning' | 'danger' | 'primary'

export const ENROLLMENT_STATUS_TAG: Record<EnrollmentStatus, TagType> = {
  pending: 'warning',
  enrolled: 'primary',
  waitlisted: 'info',
  rejected: 'danger',
  withdrawn: 'info',
  checked_in: 'success',
  checked_out: 'success',
  hours_confirmed: 'success',
  no_show: 'danger',
}

export type RosterAction = EnrollmentStep | 'reject'

/**
 * What the caller may do with one sign-up: organisers (projects.write)
 * decide sign-ups, mark no-shows and confirm hours; whoever checks
 * volunteers in on the spot (enrollments.check_in) checks in and out.
 */
export function rosterActionsOf(status: EnrollmentStatus, permissions: readonly string[]): RosterAction[] {
  const organise = permissions.includes('projects.write')
  const attend = permissions.includes('enrollments.check_in')
  switch (status) {
    case 'pending':
      return organise ? ['approve', 'reject'] : []
    case 'enrolled':
      return [...(attend ? (['check-in'] as const) : []), ...(organise ? (['no-show'] as const) : [])]
    case 'checked_in':
      return attend ? ['check-out'] : []
    case 'checked_out':
      return organise ? ['confirm-hours'] : []
    default:
      return []
  }
}

/** `95` → `1 小时 35 分`. */
export function minutesText(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return ''
  return t('projects.roster.hours', { h: Math.floor(minutes / 60), m: minutes % 60 })
}

async function askReason(enrollment: Enrollment): Promise<string | null> {
  try {
    const answer = await ElMessageBox.prompt(
      t('projects.roster.rejectPrompt', { name: enrollment.volunteer.name }),
      t('projects.roster.rejectTitle'),
      {
        type: 'warning',
        inputType: 'textarea',
        inputPlaceholder: t('projects.roster.rejectPlaceholder'),
        inputValidator: (value: string) => (value?.trim() ? true : t('projects.roster.rejectRequired')),
        confirmButtonText: t('projects.roster.reject'),
        confirmButtonClass: 'el-button--danger',
        cancelButtonText: t('common.cancel'),
        closeOnClickModal: false,
      },
    )
    return answer.value.trim()
  } catch {
    return null
  }
}

/**
 * One roster action. Check-in and check-out happen on the spot without a
 * question; a no-show and confirmed hours are final, so they ask first; a
 * rejection needs its reason. Resolves to the sign-up as it is now, or null.
 */
export async function runRosterAction(enrollment: Enrollment, action: RosterAction): Promise<Enrollment | null> {
  const name = enrollment.volunteer.name
  if (action === 'no-show' || action === 'confirm-hours') {
    const message =
      action === 'no-show'
        ? t('projects.roster.confirm.noShow', { name })
        : t('projects.roster.confirm.confirmHours', { name, time: minutesText(enrollment.minutes) })
    const confirmed = await confirmAction(message, {
      danger: action === 'no-show',
      confirmText: t(action === 'no-show' ? 'projects.roster.noShow' : 'projects.roster.confirmHours'),
    })
    if (!confirmed) return null
  }
  let reason: string | null = null
  if (action === 'reject') {
    reason = await askReason(enrollment)
    if (reason === null) return null
  }
  try {
    const updated = action === 'reject' ? await rejectEnrollment(enrollment.id, reason ?? '') : await stepEnrollment(enrollment.id, action)
    notifySuccess(t(`projects.roster.done.${action}`, { name }))
    return updated
  } catch (error) {
    notifyError(error)
    return null
  }
}
