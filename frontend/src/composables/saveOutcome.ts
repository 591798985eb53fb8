/** A save that found the record changed meanwhile: the form was reloaded and the dialog stays open. */
export const STALE: unique symbol = Symbol('stale')
export type Stale = typeof STALE

/**
 * What an edit dialog does with the outcome of its save: nothing after a
 * failure (`undefined`, already shown on the form) or a stale record; close
 * with a note when there was nothing to change (`null`); otherwise close and
 * hand the saved record on.
 */
export function settleSave<T>(
  result: T | Stale | null | undefined,
  close: () => void,
  unchangedMessage: string,
  saved: (record: T) => void,
): void {
  if (result === undefined || result === STALE) return
  close()
  if (result === null) {
    ElMessage({ type: 'info', message: unchangedMessage })
    return
  }
  saved(result)
}
