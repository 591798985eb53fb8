import { api, compactQuery, unwrap } from './client'
import type { operations } from './schema'
import type { CreatedUser, CreateUser, ListPage, TemporaryPassword, UpdateUser, User } from './types'

/** Query of `GET /users`: page, page_size, sort, q, role, status, area_id. */
export type UserListQuery = NonNullable<operations['list_users']['parameters']['query']>

/** Fields `GET /users` sorts by. */
export const USER_SORT_FIELDS = [
  'username',
  'display_name',
  'role',
  'status',
  'created_at',
  'last_login_at',
  'id',
] as const

export function listUsers(query: UserListQuery = {}): Promise<ListPage<User>> {
  return unwrap(api.GET('/api/v1/users', { params: { query: compactQuery(query) } }))
}

export function getUser(id: number): Promise<User> {
  return unwrap(api.GET('/api/v1/users/{id}', { params: { path: { id } } }))
}

/** The answer carries `temporary_password` (shown once) when none was given. */
export function createUser(body: CreateUser): Promise<CreatedUser> {
  return unwrap(api.POST('/api/v1/users', { body }))
}

/** Name, phone, role, home area, or `status` (disable / enable). Accounts are never deleted. */
export function updateUser(id: number, ifMatch: string, patch: UpdateUser): Promise<User> {
  return unwrap(
    api.PATCH('/api/v1/users/{id}', {
      params: { path: { id }, header: { 'If-Match': ifMatch } },
      body: patch,
    }),
  )
}

/** A new temporary password (shown once); lifts a lockout and ends the account's sessions. */
export function resetUserPassword(id: number): Promise<TemporaryPassword> {
  return unwrap(api.POST('/api/v1/users/{id}/reset-password', { params: { path: { id } } }))
}
