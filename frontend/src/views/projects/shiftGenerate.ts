import type { GenerateShifts, Shift, TimeWindow } from '@/api/types'
import { daysBetween } from '@/utils/date'

/**
 * 批量生成班次: one shift per day of a date range and per daily time window.
 * The count is shown before anything is made; the server checks the same
 * limits and makes all or none.
 */
export interface GenerateFormModel {
  /** `[from, to]` as `YYYY-MM-DD`, both days included. */
  days: [string, string] | null
  windows: { start: string; end: string }[]
  places: number
}

/** The server's limits for one generation. */
export const MOST_DAYS = 366
export const MOST_SHIFTS = 500
export const PLACES_MAX = 10_000

export function emptyGenerateForm(): GenerateFormModel {
  return { days: null, windows: [{ start: '08:00', end: '12:00' }], places: 5 }
}

/** `08:00` → 480; NaN for anything else. */
function minutes(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time)
  return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN
}

/** Days in the range, both ends included; 0 when there is no valid range. */
export function dayCount(days: GenerateFormModel['days']): number {
  if (!days) return 0
  const span = daysBetween(days[0], days[1])
  return Number.isFinite(span) && span >= 0 ? span + 1 : 0
}

/** The index of a window whose end is not after its start, or -1. */
export function badWindow(windows: readonly TimeWindow[]): number {
  return windows.findIndex((w) => !(minutes(w.end) > minutes(w.start)))
}

/** Whether two windows overlap (back to back is fine), as the server's `overlapping_windows`. */
export function windowsOverlap(windows: readonly TimeWindow[]): boolean {
  const sorted = windows.map((w) => [minutes(w.start), minutes(w.end)] as const).sort((a, b) => a[0] - b[0])
  return sorted.some((w, i) => i > 0 && w[0] < (sorted[i - 1]?.[1] ?? 0))
}

/** How many shifts the form would make. */
export function shiftCount(form: GenerateFormModel): number {
  return dayCount(form.days) * form.windows.length
}

export function generateBody(form: GenerateFormModel & { days: [string, string] }): GenerateShifts {
  return {
    from: form.days[0],
    to: form.days[1],
    windows: form.windows.map((w) => ({ start: w.start, end: w.end })),
    places: form.places,
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

function day(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

function clock(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** `2026-05-01 08:00–12:00` (a shift ending the next day shows that day too). */
export function shiftTimeText(shift: Pick<Shift, 'starts_at' | 'ends_at'>): string {
  const start = new Date(shift.starts_at)
  const end = new Date(shift.ends_at)
  const endText = day(end) === day(start) ? clock(end) : `${day(end)} ${clock(end)}`
  return `${day(start)} ${clock(start)}–${endText}`
}
