/** Phones and small tablets (under 768 px wide): dialogs go full screen and the side menu starts folded. */
export const NARROW_QUERY = '(max-width: 767px)'

export function isNarrowScreen(): boolean {
  return typeof globalThis.matchMedia === 'function' && globalThis.matchMedia(NARROW_QUERY).matches
}
