import type { Agreement, AgreementMember, CreateAgreement, UpdateAgreement } from '@/api/types'
import { daysBetween } from '@/utils/date'

/** The agreement form (共建协议表单): its model and the bodies it sends. */

export interface MemberRow {
  name: string
  post: string
  phone: string
}

export interface AgreementFormModel {
  unit_id: number | undefined
  community_id: number | undefined
  starts_on: string
  ends_on: string
  signed_on: string
  unit_duties: string
  community_duties: string
  members: MemberRow[]
}

export const DUTIES_MAX = 2000

export function emptyForm(): AgreementFormModel {
  return {
    unit_id: undefined,
    community_id: undefined,
    starts_on: '',
    ends_on: '',
    signed_on: '',
    unit_duties: '',
    community_duties: '',
    members: [],
  }
}

export function formOf(agreement: Agreement): AgreementFormModel {
  return {
    unit_id: agreement.unit.id,
    community_id: agreement.community.id,
    starts_on: agreement.starts_on,
    ends_on: agreement.ends_on,
    signed_on: agreement.signed_on ?? '',
    unit_duties: agreement.unit_duties ?? '',
    community_duties: agreement.community_duties ?? '',
    members: agreement.members.map((member) => ({
      name: member.name,
      post: member.post ?? '',
      phone: member.phone ?? '',
    })),
  }
}

function optional(value: string): string | null {
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

function membersOf(rows: MemberRow[]): AgreementMember[] {
  return rows.map((row) => ({ name: row.name.trim(), post: optional(row.post), phone: optional(row.phone) }))
}

/** A term that ends before it starts (a one-day term is fine); empty dates are left to `required`. */
export function endsBeforeStart(startsOn: string, endsOn: string): boolean {
  return startsOn !== '' && endsOn !== '' && daysBetween(startsOn, endsOn) < 0
}

export function createBody(form: AgreementFormModel & { unit_id: number; community_id: number }): CreateAgreement {
  return {
    unit_id: form.unit_id,
    community_id: form.community_id,
    starts_on: form.starts_on,
    ends_on: form.ends_on,
    signed_on: form.signed_on || null,
    unit_duties: optional(form.unit_duties),
    community_duties: optional(form.community_duties),
    members: membersOf(form.members),
  }
}

/** The PATCH body of a draft: only what changed; `members` goes whole when any row changed. */
export function updateBody(agreement: Agreement, form: AgreementFormModel): UpdateAgreement {
  const before = formOf(agreement)
  const patch: UpdateAgreement = {}
  if (form.unit_id !== undefined && form.unit_id !== before.unit_id) patch.unit_id = form.unit_id
  if (form.community_id !== undefined && form.community_id !== before.community_id) patch.community_id = form.community_id
  if (form.starts_on !== before.starts_on) patch.starts_on = form.starts_on
  if (form.ends_on !== before.ends_on) patch.ends_on = form.ends_on
  if (form.signed_on !== before.signed_on) patch.signed_on = form.signed_on || null
  if (optional(form.unit_duties) !== optional(before.unit_duties)) patch.unit_duties = optional(form.unit_duties)
  if (optional(form.community_duties) !== optional(before.community_duties)) {
    patch.community_duties = optional(form.community_duties)
  }
  const members = membersOf(form.members)
  if (JSON.stringify(members) !== JSON.stringify(membersOf(before.members))) patch.members = members
  return patch
}
