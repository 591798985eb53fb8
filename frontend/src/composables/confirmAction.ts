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

export interface AskTextOptions extends ConfirmOptions {
  /** Shown when the text is left blank: the prompt will not close without one. */
  required: string
  placeholder?: string
  /** Several lines (a note, a reason) rather than one. */
  textarea?: boolean
  /** The most the server takes; longer text is cut, not refused. */
  max?: number
}

/**
 * Asks for a text an action needs (a reason, a note) in a prompt that is
 * also its confirmation. Resolves to the trimmed text, or undefined when the
 * prompt is cancelled or closed.
 */
export async function askText(message: string, options: AskTextOptions): Promise<string | undefined> {
  try {
    const answer = await ElMessageBox.prompt(message, options.title ?? t('common.confirmTitle'), {
      type: options.type ?? 'warning',
      inputType: options.textarea ? 'textarea' : 'text',
      inputPlaceholder: options.placeholder,
      inputValidator: (value: string) => (value?.trim() ? true : options.required),
      confirmButtonText: options.confirmText ?? t('common.confirm'),
      confirmButtonClass: options.danger ? 'el-button--danger' : '',
      cancelButtonText: options.cancelText ?? t('common.cancel'),
      closeOnClickModal: false,
    })
    const text = answer.value.trim()
    return options.max === undefined ? text : text.slice(0, options.max)
  } catch {
    return undefined
  }
}
