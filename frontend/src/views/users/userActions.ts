import { etagOf } from '@/api/client'
import { isApiError } from '@/api/problem'
import { resetUserPassword, updateUser } from '@/api/users'
import type { User } from '@/api/types'
import { confirmAction } from '@/composables/confirmAction'
import { t } from '@/locales'
import { describeError } from '@/utils/errors'
import { notifyError, notifySuccess } from '@/utils/notify'

/** What became of an action: the account as it is now, nothing (cancelled, refused), or a stale row to reload. */
export type ActionOutcome = { done: User } | { stale: true } | null

function failed(error: unknown): ActionOutcome {
  if (isApiError(error) && error.status === 412) {
    ElMessage({ type: 'warning', message: t('users.staleList'), showClose: true, duration: 6000 })
    return { stale: true }
  }
  if (isApiError(error) && error.code === 'cannot_disable_self') {
    // Not a passing toast: the person should understand why nothing happened.
    void ElMessageBox.alert(describeError(error), t('users.cannotDisableSelfTitle'), { type: 'error' }).catch(
      () => undefined,
    )
    return null
  }
  notifyError(error)
  return null
}

/** 停用 / 启用 after a confirmation; disabling signs the account out at once. */
export async function toggleStatus(user: User): Promise<ActionOutcome> {
  const disabling = user.status === 'active'
  const confirmed = disabling
    ? await confirmAction(t('users.confirm.disable', { name: user.username }), {
        danger: true,
        confirmText: t('users.disable'),
      })
    : await confirmAction(t('users.confirm.enable', { name: user.username }), {
        type: 'info',
        confirmText: t('users.enable'),
      })
  if (!confirmed) return null
  try {
    const updated = await updateUser(user.id, etagOf(user), { status: disabling ? 'disabled' : 'active' })
    notifySuccess(disabling ? t('users.done.disabled') : t('users.done.enabled'))
    return { done: updated }
  } catch (error) {
    return failed(error)
  }
}

/** 重置密码 after a confirmation; resolves to the new temporary password, shown once. */
export async function resetPassword(user: User): Promise<string | null> {
  const confirmed = await confirmAction(t('users.confirm.resetPassword', { name: user.username }), {
    danger: true,
    confirmText: t('users.resetPassword'),
  })
  if (!confirmed) return null
  try {
    const { temporary_password } = await resetUserPassword(user.id)
    return temporary_password
  } catch (error) {
    failed(error)
    return null
  }
}
