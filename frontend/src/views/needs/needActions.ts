import { closeNeed } from '@/api/needs'
import { isApiError } from '@/api/problem'
import { createService } from '@/api/services'
import type { Need, NeedMatch, Service } from '@/api/types'
import { confirmAction } from '@/composables/confirmAction'
import { t } from '@/locales'
import { describeError, describeFieldError } from '@/utils/errors'
import { notifyError, notifySuccess } from '@/utils/notify'
import { amountText } from '@/views/resources/resourceList'
import { proposalBody } from '@/views/services/serviceForms'

function alert(message: string): void {
  void ElMessageBox.alert(message, t('services.refused.title'), {
    type: 'warning',
    confirmButtonText: t('common.confirm'),
  }).catch(() => undefined)
}

/**
 * 未满足关闭: an open need, after the reason the prompt requires. A need
 * with live services is refused (409): the dialog says to cancel them first.
 * Resolves to the need as it is now, or null (cancelled, refused).
 */
export async function closeUnfulfilled(need: Need): Promise<Need | null> {
  let reason: string
  try {
    const answer = await ElMessageBox.prompt(t('needs.closePrompt', { title: need.title }), t('needs.closeTitle'), {
      type: 'warning',
      inputType: 'textarea',
      inputPlaceholder: t('needs.placeholder.reason'),
      inputValidator: (value: string) => (value?.trim() ? true : t('needs.rule.reasonRequired')),
      confirmButtonText: t('needs.close'),
      confirmButtonClass: 'el-button--danger',
      cancelButtonText: t('common.cancel'),
      closeOnClickModal: false,
    })
    reason = answer.value.trim()
  } catch {
    return null
  }
  try {
    const closed = await closeNeed(need.id, reason)
    notifySuccess(t('needs.done.closed'))
    return closed
  } catch (error) {
    // The button shows for open needs only: refused, the need was matched meanwhile.
    if (isApiError(error) && error.code === 'invalid_transition') {
      alert(t('needs.closeBlocked'))
      return null
    }
    notifyError(error)
    return null
  }
}

/** 提出服务: one click on a ranked match, after a confirmation. Resolves to the new service, or null. */
export async function propose(need: Need, match: NeedMatch): Promise<Service | null> {
  const { resource } = match
  const confirmed = await confirmAction(
    t('needs.detailPage.proposeConfirm', {
      resource: resource.title,
      unit: resource.unit.name,
      need: need.title,
      amount: amountText(resource, 1),
    }),
    { type: 'info', confirmText: t('needs.detailPage.propose') },
  )
  if (!confirmed) return null
  try {
    const service = await createService(proposalBody(need.id, resource.id))
    notifySuccess(t('needs.done.proposed', { unit: resource.unit.name }))
    return service
  } catch (error) {
    if (isApiError(error) && (error.code === 'invalid_transition' || error.status === 422)) {
      const field = error.fieldErrors[0]
      alert(field ? describeFieldError(field) : describeError(error))
      return null
    }
    notifyError(error)
    return null
  }
}
