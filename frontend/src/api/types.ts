import type { components } from './schema'

type Schemas = components['schemas']

export type Me = Schemas['Me']
export type TokenResponse = Schemas['TokenResponse']
export type Role = Schemas['Role']
export type Permission = Schemas['Permission']

export type Area = Schemas['AreaDto']
export type AreaKind = Schemas['AreaKind']
export type AreaNode = Schemas['AreaNode']
export type AreaRef = Schemas['AreaRef']
export type CreateArea = Schemas['CreateArea']
export type UpdateArea = Schemas['UpdateArea']

export type User = Schemas['UserDto']
export type UserStatus = Schemas['UserStatus']
export type CreateUser = Schemas['CreateUser']
export type CreatedUser = Schemas['CreatedUser']
export type UpdateUser = Schemas['UpdateUser']
export type TemporaryPassword = Schemas['TemporaryPassword']

export type AuditEntry = Schemas['AuditEntryDto']
export type AuditPage = Schemas['AuditPage']

/** A page of a list endpoint (`total` is absent when paging by cursor). */
export interface ListPage<T> {
  items: T[]
  total?: number | null
  page?: number | null
  page_size: number
}

/** Every value of the enumerations, in display order, for selects and filters. */
export const ROLES = ['admin', 'area_admin', 'grid_worker', 'unit_contact', 'volunteer'] as const satisfies readonly Role[]
export const AREA_KINDS = ['district', 'street', 'community', 'grid', 'building'] as const satisfies readonly AreaKind[]
export const USER_STATUSES = ['active', 'disabled'] as const satisfies readonly UserStatus[]
export const PERMISSIONS = [
  'areas.read',
  'areas.write',
  'users.read',
  'users.write',
  'users.grant_admin',
  'audit.read',
  'units.read',
  'units.write',
  'units.write_own',
  'party_orgs.read',
  'party_orgs.write',
  'agreements.read',
  'agreements.write',
] as const satisfies readonly Permission[]
