import { isApiError } from '@/api/problem'
import { approveVolunteer, rejectVolunteer } from '@/api/volunteers'
import type { Volunteer } from '@/api/types'
import { confirmAction } from '@/composables/confirmAction'
import { t } from '@/locales'
import { notifyError, notifySuccess } from '@/utils/notify'

/** A decision the server refused because someone decided first: the list reloads. */
function refused(error: unknown): 'stale' | null {
  if (isApiError(error) && error.code === 'invalid_transition') {
    ElMessage({ type: 'warning', message: t('volunteers.staleList'), showClose: true, duration: 6000 })
    return 'stale'
  }
  notifyError(error)
  return null
}

/** 审核通过 a pending registration, after a confirmation. */
export async function approve(volunteer: Volunteer): Promise<Volunteer | 'stale' | null> {
  const confirmed = await confirmAction(t('volunteers.confirm.approve', { name: volunteer.name }), {
    type: 'info',
    confirmText: t('volunteers.approve'),
  })
  if (!confirmed) return null
  try {
    const approved = await approveVolunteer(volunteer.id)
    notifySuccess(t('volunteers.done.approved', { name: volunteer.name }))
    return approved
  } catch (error) {
    return refused(error)
  }
}

/** 驳回 a pending registration: the prompt requires the reason the volunteer will read. */
export async function reject(volunteer: Volunteer): Promise<Volunteer | 'stale' | null> {
  let reason: string
  try {
    const answer = await ElMessageBox.prompt(
      t('volunteers.rejectPrompt', { name: volunteer.name }),
      t('volunteers.rejectTitle'),
      {
        type: 'warning',
        inputType: 'textarea',
        inputPlaceholder: t('volunteers.placeholder.rejectReason'),
        inputValidator: (value: string) => (value?.trim() ? true : t('volunteers.rule.rejectReasonRequired')),
        confirmButtonText: t('volunteers.reject'),
        confirmButtonClass: 'el-button--danger',
        cancelButtonText: t('common.cancel'),
        closeOnClickModal: false,
      },
    )
    reason = answer.value.trim()
  } catch {
    return null
  }
  try {
    const rejected = await rejectVolunteer(volunteer.id, reason)
    notifySuccess(t('volunteers.done.rejected', { name: volunteer.name }))
    return rejected
  } catch (error) {
    return refused(error)
  }
}
