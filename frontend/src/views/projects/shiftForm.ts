import type { CreateShift, Shift, UpdateShift } from '@/api/types'
import { addDays, isoDate } from '@/utils/date'
import { formatDateTime } from '@/utils/format'

/**
 * 添加 / 编辑班次: one shift's start, end and places. The pickers hold the
 * times as the staff read them, `YYYY-MM-DD HH:mm` in the browser's time zone
 * (for the staff, the deployment's, as `shiftTimeText` shows them); the API
 * takes instants. The fields carry the API's names so its errors land on them.
 */
export interface ShiftFormModel {
  /** `YYYY-MM-DD HH:mm`; '' until chosen. */
  starts_at: string
  /** `YYYY-MM-DD HH:mm`; after the start, at most 24 hours later. */
  ends_at: string
  places: number
}

/** The pickers' display and value format. */
export const LOCAL_TIME_FORMAT = 'YYYY-MM-DD HH:mm'
/** The server's limit for one shift. */
export const LONGEST_SHIFT_HOURS = 24
/** What the end suggests once the start is chosen: as long as the generator's first window (08:00–12:00). */
const SUGGESTED_HOURS = 4
const HOUR = 3_600_000

export function emptyShiftForm(): ShiftFormModel {
  return { starts_at: '', ends_at: '', places: 5 }
}

/** `2026-05-01T00:00:00Z` → `2026-05-01 08:00` in the browser's time zone. */
export function localTime(instant: string | Date): string {
  return formatDateTime(instant).slice(0, 16)
}

/** Milliseconds since the epoch of a `YYYY-MM-DD HH:mm` in the browser's zone; NaN for anything else. */
function millisOf(local: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(local)
  if (!match) return Number.NaN
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5])).getTime()
}

/** `2026-05-01 08:00` (browser's zone) → `2026-05-01T00:00:00.000Z`; null for text that is not such a time. */
export function instantOf(local: string): string | null {
  const millis = millisOf(local)
  return Number.isNaN(millis) ? null : new Date(millis).toISOString()
}

/** What is wrong with a start and an end, as the server's `ends_before_start` and `out_of_range` on `ends_at`. */
export type WindowProblem = 'endsBeforeStart' | 'tooLong'

export function windowProblem(startsAt: string, endsAt: string): WindowProblem | null {
  const span = millisOf(endsAt) - millisOf(startsAt)
  if (Number.isNaN(span)) return null
  if (span <= 0) return 'endsBeforeStart'
  if (span > LONGEST_SHIFT_HOURS * HOUR) return 'tooLong'
  return null
}

/** The end the form offers once a start is chosen; '' without a start. */
export function suggestedEnd(startsAt: string): string {
  const starts = millisOf(startsAt)
  return Number.isNaN(starts) ? '' : localTime(new Date(starts + SUGGESTED_HOURS * HOUR))
}

/** The end picker offers the start's day and the next one only (a shift lasts at most 24 hours). */
export function endDayAllowed(startsAt: string, day: Date): boolean {
  const first = startsAt.slice(0, 10)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(first)) return true
  const shown = isoDate(day)
  return shown === first || shown === addDays(first, 1)
}

/** The fewest places a shift may have: those its sign-ups already hold (server: `below_taken`). */
export function placesMin(shift: Pick<Shift, 'taken'> | undefined): number {
  return Math.max(1, shift?.taken ?? 0)
}

export function shiftFormOf(shift: Pick<Shift, 'starts_at' | 'ends_at' | 'places'>): ShiftFormModel {
  return { starts_at: localTime(shift.starts_at), ends_at: localTime(shift.ends_at), places: shift.places }
}

/** The POST body; null while a time is missing. */
export function createShiftBody(form: ShiftFormModel): CreateShift | null {
  const startsAt = instantOf(form.starts_at)
  const endsAt = instantOf(form.ends_at)
  if (!startsAt || !endsAt) return null
  return { starts_at: startsAt, ends_at: endsAt, places: form.places }
}

/**
 * The PATCH body: what differs from `shift`. A time is compared as the form
 * shows it, to the minute, so a shift made with seconds is not moved by
 * saving its places. Empty when nothing changed.
 */
export function updateShiftBody(shift: Shift, form: ShiftFormModel): UpdateShift {
  const before = shiftFormOf(shift)
  const patch: UpdateShift = {}
  for (const key of ['starts_at', 'ends_at'] as const) {
    const at = instantOf(form[key])
    if (form[key] !== before[key] && at) patch[key] = at
  }
  if (form.places !== before.places) patch.places = form.places
  return patch
}
