/**
 * A `redirect` query value that is safe to follow: a path inside this app,
 * never another origin (`//evil.example`, `https://...`).
 */
export function safeRedirect(value: unknown): string | null {
  const raw = Array.isArray(value) ? value[0] : value
  if (typeof raw !== 'string') return null
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null
  if (raw.startsWith('/login')) return null
  return raw
}
