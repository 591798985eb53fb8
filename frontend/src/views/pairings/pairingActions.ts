import { endPairing } from '@/api/pairings'
import { isApiError } from '@/api/problem'
import type { Pairing } from '@/api/types'
import { t } from '@/locales'
import { notifyError, notifySuccess } from '@/utils/notify'
import { END_REASON_MAX } from './pairingForm'

/**
 * 结束结对: the prompt asks the reason and is the confirmation (a red
 * button naming the helper and the household). The pairing stays, with its
 * visits, as history.
 */
export async function end(pairing: Pairing): Promise<Pairing | 'stale' | null> {
  let reason: string
  try {
    const answer = await ElMessageBox.prompt(
      t('pairings.endPrompt', { helper: pairing.helper.name, household: pairing.household.head_name }),
      t('pairings.endTitle'),
      {
        type: 'warning',
        inputType: 'textarea',
        inputPlaceholder: t('pairings.placeholder.endReason'),
        inputValidator: (value: string) => (value?.trim() ? true : t('pairings.rule.endReasonRequired')),
        confirmButtonText: t('pairings.end'),
        confirmButtonClass: 'el-button--danger',
        cancelButtonText: t('common.cancel'),
        closeOnClickModal: false,
      },
    )
    reason = answer.value.trim().slice(0, END_REASON_MAX)
  } catch {
    return null
  }
  try {
    const ended = await endPairing(pairing.id, { reason })
    notifySuccess(t('pairings.done.ended', { helper: pairing.helper.name }))
    return ended
  } catch (error) {
    notifyError(error)
    return isApiError(error) && error.status === 409 ? 'stale' : null
  }
}
