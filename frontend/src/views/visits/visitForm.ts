import type { CreateVisit, Paperwork, VisitKind } from '@/api/types'
import { daysBetween } from '@/utils/date'

/** 记录走访: the visit as the form asks it. */
export interface VisitFormModel {
  pairing_id: number | undefined
  visited_on: string
  kind: VisitKind | ''
  paperwork: Paperwork | ''
  content: string
  outcome: string
  follow_up_on: string
}

export const CONTENT_MAX = 2000
export const OUTCOME_MAX = 2000

export function emptyVisit(today: string, pairingId?: number): VisitFormModel {
  return { pairing_id: pairingId, visited_on: today, kind: 'visit', paperwork: '', content: '', outcome: '', follow_up_on: '' }
}

/** Why a field cannot be sent, as the form words it. */
export type VisitProblem =
  | 'pairingRequired'
  | 'dateRequired'
  | 'dateFuture'
  | 'dateBeforeStart'
  | 'kindRequired'
  | 'paperworkRequired'
  | 'contentRequired'
  | 'contentTooLong'
  | 'outcomeTooLong'
  | 'followUpNotAfter'

/**
 * The form's own checks, the server's rules: a day not after today nor
 * before the pairing started, the paperwork named for a 代办事项 visit only,
 * some content, a follow-up after the visit.
 */
export function visitProblems(
  form: VisitFormModel,
  today: string,
  startsOn?: string,
): Partial<Record<keyof VisitFormModel, VisitProblem>> {
  const out: Partial<Record<keyof VisitFormModel, VisitProblem>> = {}
  if (form.pairing_id === undefined) out.pairing_id = 'pairingRequired'
  if (!form.visited_on) out.visited_on = 'dateRequired'
  else if (daysBetween(today, form.visited_on) > 0) out.visited_on = 'dateFuture'
  else if (startsOn && daysBetween(startsOn, form.visited_on) < 0) out.visited_on = 'dateBeforeStart'
  if (!form.kind) out.kind = 'kindRequired'
  else if (form.kind === 'paperwork' && !form.paperwork) out.paperwork = 'paperworkRequired'
  if (form.content.trim() === '') out.content = 'contentRequired'
  else if (form.content.trim().length > CONTENT_MAX) out.content = 'contentTooLong'
  if (form.outcome.trim().length > OUTCOME_MAX) out.outcome = 'outcomeTooLong'
  if (form.follow_up_on && form.visited_on && daysBetween(form.visited_on, form.follow_up_on) <= 0) {
    out.follow_up_on = 'followUpNotAfter'
  }
  return out
}

/** The body: `paperwork` only for a 代办事项 visit (the server refuses it on others). */
export function createBody(form: VisitFormModel & { kind: VisitKind }): CreateVisit {
  return {
    visited_on: form.visited_on,
    kind: form.kind,
    paperwork: form.kind === 'paperwork' && form.paperwork ? form.paperwork : null,
    content: form.content.trim(),
    outcome: form.outcome.trim() || null,
    follow_up_on: form.follow_up_on || null,
  }
}
