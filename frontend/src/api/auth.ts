import { api, unwrap, unwrapEmpty } from './client'
import type { Me, TokenResponse } from './types'

/**
 * Signs in. `refresh_cookie: true` asks the server to keep the refresh token
 * in an HttpOnly cookie scoped to /api/v1/auth instead of the body, so no
 * script on the page ever holds it.
 */
export function login(username: string, password: string): Promise<TokenResponse> {
  return unwrap(
    api.POST('/api/v1/auth/login', { body: { username, password, refresh_cookie: true } }),
  )
}

/** A new access token from the refresh cookie (which the server rotates). */
export function refresh(): Promise<TokenResponse> {
  return unwrap(api.POST('/api/v1/auth/refresh', { body: {} }))
}

/** Revokes the session of the refresh cookie and clears the cookie. */
export function logout(): Promise<void> {
  return unwrapEmpty(api.POST('/api/v1/auth/logout', { body: {} }))
}

/** The signed-in account: role, home area, permissions. */
export function getMe(): Promise<Me> {
  return unwrap(api.GET('/api/v1/auth/me'))
}

/** Changes the caller's password; the server ends their other sessions. */
export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return unwrapEmpty(
    api.POST('/api/v1/auth/password', {
      body: { current_password: currentPassword, new_password: newPassword },
    }),
  )
}
