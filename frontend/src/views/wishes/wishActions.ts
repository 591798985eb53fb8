import { isApiError } from '@/api/problem'
import type { ClaimWish, Wish } from '@/api/types'
import { cancelWish, claimWish, fulfilWish } from '@/api/wishes'
import { askText, confirmAction } from '@/composables/confirmAction'
import { t } from '@/locales'
import { notifyError, notifySuccess } from '@/utils/notify'
import { NOTE_MAX } from './wishList'

/**
 * A claim someone else made first (409 `already_claimed`) or a wish
 * withdrawn meanwhile (`invalid_transition`): said plainly, and the board
 * reloads.
 */
export function refused(error: unknown): 'stale' | null {
  if (isApiError(error) && (error.code === 'already_claimed' || error.code === 'invalid_transition')) {
    ElMessage({ type: 'warning', message: t(`errors.code.${error.code}`), showClose: true, duration: 6000 })
    return 'stale'
  }
  notifyError(error)
  return null
}

/** 认领 a wish: a helper for themselves (`{}`), staff for the unit or volunteer named; after a confirmation. */
export async function claim(wish: Wish, body: ClaimWish = {}, claimerName?: string): Promise<Wish | 'stale' | null> {
  const question = claimerName
    ? t('wishes.confirm.claimFor', { title: wish.title, name: claimerName })
    : t('wishes.confirm.claim', { title: wish.title })
  if (!(await confirmAction(question, { type: 'info', confirmText: t('wishes.claim') }))) return null
  try {
    const claimed = await claimWish(wish.id, body)
    notifySuccess(t('wishes.done.claimed', { title: wish.title }))
    return claimed
  } catch (error) {
    return refused(error)
  }
}

/** A note or reason the action needs; the prompt is its confirmation. */
function prompt(message: string, title: string, placeholder: string, required: string, confirmText: string, danger: boolean) {
  return askText(message, { title, placeholder, required, confirmText, danger, type: danger ? 'warning' : 'info', textarea: true, max: NOTE_MAX })
}

/** 标记已实现, with a note on how the wish came true. */
export async function fulfil(wish: Wish): Promise<Wish | 'stale' | null> {
  const note = await prompt(
    t('wishes.fulfilPrompt', { title: wish.title }),
    t('wishes.fulfilTitle'),
    t('wishes.placeholder.note'),
    t('wishes.rule.noteRequired'),
    t('wishes.fulfil'),
    false,
  )
  if (note === undefined) return null
  try {
    const done = await fulfilWish(wish.id, note)
    notifySuccess(t('wishes.done.fulfilled', { title: wish.title }))
    return done
  } catch (error) {
    return refused(error)
  }
}

/** 撤销 an open or claimed wish: the prompt asks the reason and is the confirmation. */
export async function cancel(wish: Wish): Promise<Wish | 'stale' | null> {
  const reason = await prompt(
    t('wishes.cancelPrompt', { title: wish.title }),
    t('wishes.cancelTitle'),
    t('wishes.placeholder.cancelReason'),
    t('wishes.rule.cancelReasonRequired'),
    t('wishes.cancel'),
    true,
  )
  if (reason === undefined) return null
  try {
    const cancelled = await cancelWish(wish.id, reason)
    notifySuccess(t('wishes.done.cancelled', { title: wish.title }))
    return cancelled
  } catch (error) {
    return refused(error)
  }
}
