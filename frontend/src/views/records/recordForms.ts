import type { AdjustServiceRecord, CreateServiceRecord } from '@/api/types'

/** Most a day of service can count (the server's limit). */
export const DAY_MINUTES = 1440
export const REASON_MAX = 500
export const CONTENT_MAX = 500

/** Hours and minutes as the dialogs ask them. */
export interface Duration {
  hours: number
  minutes: number
}

export function toMinutes(duration: Duration): number {
  return Math.round((duration.hours || 0) * 60 + (duration.minutes || 0))
}

export function fromMinutes(total: number): Duration {
  const safe = Math.max(0, Math.round(total))
  return { hours: Math.floor(safe / 60), minutes: safe % 60 }
}

export interface AdjustFormModel extends Duration {
  reason: string
}

export function adjustBody(form: AdjustFormModel): AdjustServiceRecord {
  return { corrected_minutes: toMinutes(form), reason: form.reason.trim() }
}

export interface CreateRecordFormModel extends Duration {
  volunteer_id: number | undefined
  project_id: number | undefined
  service_date: string
  content: string
}

export function emptyRecord(day: string, volunteerId?: number, projectId?: number): CreateRecordFormModel {
  return { volunteer_id: volunteerId, project_id: projectId, service_date: day, hours: 2, minutes: 0, content: '' }
}

export function createBody(form: CreateRecordFormModel): CreateServiceRecord {
  return {
    volunteer_id: form.volunteer_id ?? 0,
    project_id: form.project_id ?? 0,
    service_date: form.service_date,
    minutes: toMinutes(form),
    content: form.content.trim() || null,
  }
}

/** Why a duration cannot be sent: `empty` (0 where at least a minute is needed), `tooLong` (over a day). */
export function durationProblem(duration: Duration, allowZero: boolean): 'empty' | 'tooLong' | null {
  const total = toMinutes(duration)
  if (total > DAY_MINUTES) return 'tooLong'
  if (total < (allowZero ? 0 : 1)) return 'empty'
  return null
}
