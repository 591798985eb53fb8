import { endPairing } from '@/api/pairings'
import { isApiError } from '@/api/problem'
import type { Pairing } from '@/api/types'
import { askText } from '@/composables/confirmAction'
import { t } from '@/locales'
import { notifyError, notifySuccess } from '@/utils/notify'
import { END_REASON_MAX } from './pairingForm'

/**
 * 结束结对: the prompt asks the reason and is the confirmation (a red
 * button naming the helper and the household). The pairing stays, with its
 * visits, as history.
 */
export async function end(pairing: Pairing): Promise<Pairing | 'stale' | null> {
  const reason = await askText(t('pairings.endPrompt', { helper: pairing.helper.name, household: pairing.household.head_name }), {
    title: t('pairings.endTitle'),
    textarea: true,
    placeholder: t('pairings.placeholder.endReason'),
    required: t('pairings.rule.endReasonRequired'),
    confirmText: t('pairings.end'),
    danger: true,
    max: END_REASON_MAX,
  })
  if (reason === undefined) return null
  try {
    const ended = await endPairing(pairing.id, { reason })
    notifySuccess(t('pairings.done.ended', { helper: pairing.helper.name }))
    return ended
  } catch (error) {
    notifyError(error)
    return isApiError(error) && error.status === 409 ? 'stale' : null
  }
}
