/**
 * Puts the focus in a dialog's form once it has opened: on `target`, or on
 * its first enabled field. Dialogs report "opened" after their animation, so
 * a quick user may already be typing in one of the fields; then the focus
 * stays where it is.
 */
export function focusFormField(form: HTMLElement | undefined, target?: HTMLElement | null): void {
  if (!form) return
  if (document.activeElement && form.contains(document.activeElement)) return
  const field = target ?? form.querySelector<HTMLElement>('input:not([disabled]):not([readonly])')
  field?.focus()
}
