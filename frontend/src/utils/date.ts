/**
 * Calendar days as `YYYY-MM-DD` text, the form the API uses for dates
 * (`starts_on`, `founded_on`). Counted in the browser's time zone, which for
 * the staff is the deployment's.
 */

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

export function isoDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** Today, `YYYY-MM-DD`. */
export function today(now: Date = new Date()): string {
  return isoDate(now)
}

/** Noon of the day avoids daylight-saving edges when adding days. */
function parse(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) return null
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12)
}

export function addDays(day: string, days: number): string {
  const date = parse(day)
  if (!date) return day
  date.setDate(date.getDate() + days)
  return isoDate(date)
}

/** Whole days from `from` to `to` (negative when `to` is earlier); NaN for text that is not a date. */
export function daysBetween(from: string, to: string): number {
  const a = parse(from)
  const b = parse(to)
  if (!a || !b) return Number.NaN
  return Math.round((b.getTime() - a.getTime()) / 86_400_000)
}

/** Same day next year (29 February → 28 February). */
export function addYears(day: string, years: number): string {
  const date = parse(day)
  if (!date) return day
  const month = date.getMonth()
  date.setFullYear(date.getFullYear() + years)
  if (date.getMonth() !== month) date.setDate(0)
  return isoDate(date)
}
