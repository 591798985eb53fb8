import { t } from '@/locales'

export interface ConfirmOptions {
  title?: string
  confirmText?: string
  cancelText?: string
  /** Red confirm button for what cannot be undone. */
  danger?: boolean
  type?: 'warning' | 'info' | 'error'
}

/**
 * Asks before a destructive action (ElMessageBox comes from auto-import).
 * Resolves true when confirmed, false when cancelled or closed.
 */
export async function confirmAction(message: string, options: ConfirmOptions = {}): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, options.title ?? t('common.confirmTitle'), {
      type: options.type ?? 'warning',
      confirmButtonText: options.confirmText ?? t('common.confirm'),
      cancelButtonText: options.cancelText ?? t('common.cancel'),
      confirmButtonClass: options.danger ? 'el-button--danger' : '',
      closeOnClickModal: false,
      autofocus: false,
    })
    return true
  } catch {
    return false
  }
}

/** "确定要删除“name”吗？" with a red button. */
export function confirmDelete(name: string): Promise<boolean> {
  return confirmAction(t('common.confirmDelete', { name }), { danger: true, confirmText: t('common.delete') })
}
