import type { CreateHousehold, Household, HouseholdCategory, HouseholdMember, HouseholdStatus, UpdateHousehold } from '@/api/types'
import { normalizeIdNumber } from '@/utils/idNumber'

/**
 * The household form (困难家庭信息): its model and the bodies it sends. The
 * sealed fields (identity number, phone, situation) are never shown here: on
 * an edit they start blank, and blank means "keep what is on file".
 */
export interface MemberRow {
  name: string
  relation: string
  age: number | undefined
}

export interface HouseholdFormModel {
  head_name: string
  id_number: string
  phone: string
  situation: string
  members: MemberRow[]
  area_id: number | undefined
  address: string
  categories: HouseholdCategory[]
  status: HouseholdStatus
}

export const HEAD_NAME_MAX = 50
export const MEMBER_NAME_MAX = 50
export const RELATION_MAX = 20
export const AGE_MAX = 130
export const MEMBERS_MAX = 20
export const ADDRESS_MAX = 200
export const SITUATION_MAX = 2000

export function emptyMember(): MemberRow {
  return { name: '', relation: '', age: undefined }
}

export function emptyForm(areaId?: number): HouseholdFormModel {
  return {
    head_name: '',
    id_number: '',
    phone: '',
    situation: '',
    members: [],
    area_id: areaId,
    address: '',
    categories: [],
    status: 'active',
  }
}

export function formOf(household: Household): HouseholdFormModel {
  return {
    head_name: household.head_name,
    id_number: '',
    phone: '',
    situation: '',
    members: household.members.map((m) => ({ name: m.name, relation: m.relation, age: m.age ?? undefined })),
    area_id: household.area.id,
    address: household.address ?? '',
    categories: [...household.categories],
    status: household.status,
  }
}

function optional(value: string): string | null {
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

function isBlank(row: MemberRow): boolean {
  return row.name.trim() === '' && row.relation.trim() === '' && (row.age === undefined || row.age === null)
}

/** The members to send: trimmed, rows left wholly blank dropped. */
export function cleanMembers(rows: readonly MemberRow[]): HouseholdMember[] {
  return rows
    .filter((row) => !isBlank(row))
    .map((row) => ({
      name: row.name.trim(),
      relation: row.relation.trim(),
      age: row.age === undefined || row.age === null || Number.isNaN(row.age) ? null : Math.round(row.age),
    }))
}

export type MemberProblem = 'name' | 'relation' | 'age'

/** What is wrong with a member row (a wholly blank row is simply dropped). */
export function memberProblem(row: MemberRow): MemberProblem | null {
  if (isBlank(row)) return null
  if (row.name.trim() === '') return 'name'
  if (row.relation.trim() === '') return 'relation'
  if (row.age !== undefined && row.age !== null && (!Number.isInteger(row.age) || row.age < 0 || row.age > AGE_MAX)) return 'age'
  return null
}

function uniqueCategories(categories: readonly HouseholdCategory[]): HouseholdCategory[] {
  return [...new Set(categories)]
}

export function createBody(form: HouseholdFormModel & { area_id: number }): CreateHousehold {
  return {
    head_name: form.head_name.trim(),
    id_number: form.id_number.trim() === '' ? null : normalizeIdNumber(form.id_number),
    phone: optional(form.phone),
    situation: optional(form.situation),
    members: cleanMembers(form.members),
    area_id: form.area_id,
    address: optional(form.address),
    categories: uniqueCategories(form.categories),
  }
}

function sameMembers(a: readonly HouseholdMember[], b: readonly HouseholdMember[]): boolean {
  return JSON.stringify(a.map((m) => [m.name, m.relation, m.age ?? null])) === JSON.stringify(b.map((m) => [m.name, m.relation, m.age ?? null]))
}

/** The PATCH body: what differs from `household`; a sealed field only when something was typed. */
export function updateBody(household: Household, form: HouseholdFormModel): UpdateHousehold {
  const before = formOf(household)
  const patch: UpdateHousehold = {}
  if (form.head_name.trim() !== before.head_name) patch.head_name = form.head_name.trim()
  if (form.id_number.trim() !== '') patch.id_number = normalizeIdNumber(form.id_number)
  if (form.phone.trim() !== '') patch.phone = form.phone.trim()
  if (form.situation.trim() !== '') patch.situation = form.situation.trim()
  const members = cleanMembers(form.members)
  if (!sameMembers(members, household.members)) patch.members = members
  if (form.area_id !== undefined && form.area_id !== before.area_id) patch.area_id = form.area_id
  if (optional(form.address) !== optional(before.address)) patch.address = optional(form.address)
  const categories = uniqueCategories(form.categories)
  if ([...categories].sort().join() !== [...before.categories].sort().join()) patch.categories = categories
  if (form.status !== before.status) patch.status = form.status
  return patch
}
