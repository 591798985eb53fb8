/** Phones and small tablets (under 768 px wide): dialogs go full screen and the side menu starts folded. */
export const NARROW_QUERY = '(max-width: 767px)'

export function isNarrowScreen(): boolean {
  return typeof globalThis.matchMedia === 'function' && globalThis.matchMedia(NARROW_QUERY).matches
}

/**
 * Where a table's action column sits: pinned at the right edge on wide
 * screens; on a phone a pinned column would cover the others, so it scrolls with them.
 */
export function actionsColumnFixed(): 'right' | false {
  return isNarrowScreen() ? false : 'right'
}
