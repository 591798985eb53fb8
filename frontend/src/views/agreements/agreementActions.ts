import { activateAgreement, terminateAgreement } from '@/api/agreements'
import { isApiError } from '@/api/problem'
import type { Agreement } from '@/api/types'
import { confirmAction } from '@/composables/confirmAction'
import { t } from '@/locales'
import { describeError } from '@/utils/errors'
import { notifyError, notifySuccess } from '@/utils/notify'
import { termText } from './agreementList'

/** Refusals a person must read and understand: a dialog, not a passing toast. */
function explain(error: unknown): void {
  if (isApiError(error) && error.code === 'agreement_overlap') {
    void ElMessageBox.alert(t('agreements.overlap'), t('agreements.overlapTitle'), {
      type: 'warning',
      confirmButtonText: t('common.confirm'),
    }).catch(() => undefined)
    return
  }
  if (isApiError(error) && error.code === 'invalid_transition') {
    void ElMessageBox.alert(describeError(error), t('common.confirmTitle'), {
      type: 'warning',
      confirmButtonText: t('common.confirm'),
    }).catch(() => undefined)
    return
  }
  notifyError(error)
}

/** 生效: draft → active after a confirmation. Null when cancelled or refused. */
export async function activate(agreement: Agreement): Promise<Agreement | null> {
  const confirmed = await confirmAction(
    t('agreements.confirm.activate', {
      unit: agreement.unit.name,
      community: agreement.community.name,
      term: termText(agreement),
    }),
    { type: 'info', confirmText: t('agreements.activate') },
  )
  if (!confirmed) return null
  try {
    const active = await activateAgreement(agreement.id)
    notifySuccess(t('agreements.done.activated'))
    return active
  } catch (error) {
    explain(error)
    return null
  }
}

/** 终止: active → terminated, with the reason the prompt requires. Null when cancelled or refused. */
export async function terminate(agreement: Agreement): Promise<Agreement | null> {
  let reason: string
  try {
    const answer = await ElMessageBox.prompt(
      t('agreements.terminatePrompt', { unit: agreement.unit.name, community: agreement.community.name }),
      t('agreements.terminateTitle'),
      {
        type: 'warning',
        inputType: 'textarea',
        inputPlaceholder: t('agreements.placeholder.reason'),
        inputValidator: (value: string) => (value?.trim() ? true : t('agreements.rule.reasonRequired')),
        confirmButtonText: t('agreements.terminate'),
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
    const ended = await terminateAgreement(agreement.id, reason)
    notifySuccess(t('agreements.done.terminated'))
    return ended
  } catch (error) {
    explain(error)
    return null
  }
}
