import type { Me, Permission, Role, UpdateUser, User } from '@/api/types'
import { ROLES } from '@/api/types'

/**
 * The account rules (账号规则) the server applies, so that the forms offer
 * only what would be accepted. The server stays the judge: what it refuses
 * is still shown at the field.
 */

/** What the rules need to know about the signed-in caller. */
export type Caller = Pick<Me, 'id' | 'area' | 'permissions'>

function has(caller: Caller, permission: Permission): boolean {
  return caller.permissions.includes(permission)
}

/** A caller without a home area reaches the whole system. */
export function isSystemWide(caller: Caller): boolean {
  return caller.area === null || caller.area === undefined
}

/** The roles the caller may give: `admin` only with `users.grant_admin`. */
export function grantableRoles(caller: Caller): Role[] {
  return ROLES.filter((role) => role !== 'admin' || has(caller, 'users.grant_admin'))
}

/**
 * Every account has a home area, except a system administrator created by a
 * system-wide caller: only such a caller makes accounts that reach everything.
 */
export function homeAreaRequired(role: Role | undefined, caller: Caller): boolean {
  return role !== 'admin' || !isSystemWide(caller)
}

/** Whether the caller may edit, disable or reset this account (admin accounts need `users.grant_admin`). */
export function canManage(caller: Caller, user: Pick<User, 'role'>): boolean {
  if (!has(caller, 'users.write')) return false
  return user.role !== 'admin' || has(caller, 'users.grant_admin')
}

/** 3–32 of a–z, 0–9, `_`, `.`, `-`. */
export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,32}$/

export { PHONE_PATTERN } from '@/utils/phone'

export const DISPLAY_NAME_MAX = 50

/** The values the edit form works on. */
export interface AccountFields {
  display_name: string
  phone: string
  role: Role
  area_id: number | undefined
}

export function fieldsOf(user: User): AccountFields {
  return {
    display_name: user.display_name,
    phone: user.phone ?? '',
    role: user.role,
    area_id: user.area?.id ?? undefined,
  }
}

/** An empty phone clears it; names are sent trimmed as the server stores them. */
function normalize(fields: AccountFields) {
  return {
    display_name: fields.display_name.trim(),
    phone: fields.phone.trim() === '' ? null : fields.phone.trim(),
    role: fields.role,
    area_id: fields.area_id ?? null,
  }
}

/**
 * The PATCH body for an edit: only what changed, so that an untouched role or
 * home area is not checked (or audited) again. Empty when nothing changed.
 */
export function accountPatch(before: User, after: AccountFields): UpdateUser {
  const old = normalize(fieldsOf(before))
  const now = normalize(after)
  const patch: UpdateUser = {}
  if (now.display_name !== old.display_name) patch.display_name = now.display_name
  if (now.phone !== old.phone) patch.phone = now.phone
  if (now.role !== old.role) patch.role = now.role
  if (now.area_id !== old.area_id) patch.area_id = now.area_id
  return patch
}
