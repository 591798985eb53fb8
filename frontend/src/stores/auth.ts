import { computed, ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import * as authApi from '@/api/auth'
import { isApiError } from '@/api/problem'
import type { Me, Permission, TokenResponse } from '@/api/types'

/** Renew this long before the access token runs out (capped at a quarter of its life). */
const RENEW_LEAD_SECONDS = 60
/** After a refresh that failed for a reason other than 401 (network), try again this soon. */
const RETRY_SECONDS = 30
/** Name of the Web Lock that serializes refreshes across the tabs of one browser. */
const REFRESH_LOCK = 'gridlink-auth-refresh'

/**
 * The signed-in session. The access token lives only here, in memory: never
 * in localStorage or sessionStorage, where any script could read it. The
 * refresh token is an HttpOnly cookie the page cannot see; a reload restores
 * the session with one `POST /auth/refresh`.
 */
export const useAuthStore = defineStore('auth', () => {
  const accessToken = ref<string | null>(null)
  const expiresAt = ref<number | null>(null)
  const user = shallowRef<Me | null>(null)
  /** The silent refresh on page load has run (successfully or not). */
  const restored = ref(false)

  const signedIn = computed(() => accessToken.value !== null && user.value !== null)
  const mustChangePassword = computed(() => user.value?.must_change_password === true)
  const permissions = computed(() => new Set<Permission>(user.value?.permissions ?? []))

  function can(permission: Permission | readonly Permission[]): boolean {
    const wanted = typeof permission === 'string' ? [permission] : permission
    return wanted.some((p) => permissions.value.has(p))
  }

  let renewTimer: ReturnType<typeof setTimeout> | null = null
  let restoring: Promise<boolean> | null = null
  let onExpired: () => void = () => undefined

  function cancelRenewal(): void {
    if (renewTimer !== null) clearTimeout(renewTimer)
    renewTimer = null
  }

  function scheduleRenewal(seconds: number): void {
    cancelRenewal()
    renewTimer = setTimeout(() => void renewInBackground(), Math.max(1, seconds) * 1000)
  }

  function startSession(tokens: TokenResponse): void {
    accessToken.value = tokens.access_token
    expiresAt.value = Date.now() + tokens.expires_in * 1000
    user.value = tokens.user
    const lead = Math.min(RENEW_LEAD_SECONDS, tokens.expires_in / 4)
    scheduleRenewal(tokens.expires_in - lead)
  }

  function clearSession(): void {
    cancelRenewal()
    accessToken.value = null
    expiresAt.value = null
    user.value = null
  }

  /** Called when a background renewal finds the session gone (set by the router wiring). */
  function onSessionExpired(handler: () => void): void {
    onExpired = handler
  }

  /** What a refresh came to: a new token, a session that is gone (401), or no answer. */
  type RefreshOutcome = 'renewed' | 'expired' | 'failed'

  async function exchangeRefreshCookie(): Promise<RefreshOutcome> {
    try {
      startSession(await authApi.refresh())
      return 'renewed'
    } catch (error) {
      if (isApiError(error) && error.status === 401) {
        clearSession()
        return 'expired'
      }
      return 'failed'
    }
  }

  let inFlight: Promise<RefreshOutcome> | null = null

  /**
   * One refresh at a time. Concurrent callers share the request in flight:
   * each refresh token works once, and using one twice revokes the whole
   * session. Where the browser has Web Locks, tabs take turns too, so a tab
   * always sends the cookie the previous tab's refresh left behind.
   */
  function refreshShared(): Promise<RefreshOutcome> {
    if (inFlight) return inFlight
    const locks = globalThis.navigator?.locks
    // The lock's callback returns a promise; the DOM typings nest it, `then` flattens it.
    const run: Promise<RefreshOutcome> = locks
      ? locks.request(REFRESH_LOCK, () => exchangeRefreshCookie()).then((outcome) => outcome)
      : exchangeRefreshCookie()
    inFlight = run.finally(() => {
      inFlight = null
    })
    return inFlight
  }

  /** A new access token from the refresh cookie; false when there is none to be had. */
  async function refresh(): Promise<boolean> {
    return (await refreshShared()) === 'renewed'
  }

  /** Shortly before the access token runs out. */
  async function renewInBackground(): Promise<void> {
    renewTimer = null
    const outcome = await refreshShared()
    if (outcome === 'expired') onExpired()
    else if (outcome === 'failed') scheduleRenewal(RETRY_SECONDS)
  }

  /** On page load: try once to get a session from the refresh cookie. */
  function restore(): Promise<boolean> {
    restoring ??= refresh().finally(() => {
      restored.value = true
    })
    return restoring
  }

  async function signIn(username: string, password: string): Promise<Me> {
    const tokens = await authApi.login(username, password)
    startSession(tokens)
    restored.value = true
    return tokens.user
  }

  /** Revokes the session on the server (and its cookie), then forgets it here. */
  async function signOut(): Promise<void> {
    try {
      await authApi.logout()
    } catch {
      // signed out locally either way; the server session ends with its token
    } finally {
      clearSession()
    }
  }

  async function reloadMe(): Promise<Me> {
    const me = await authApi.getMe()
    user.value = me
    return me
  }

  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await authApi.changePassword(currentPassword, newPassword)
    if (user.value) user.value = { ...user.value, must_change_password: false }
  }

  /** The server said 403 `password_change_required`: remember it so the guard sends the user there. */
  function requirePasswordChange(): void {
    if (user.value && !user.value.must_change_password) {
      user.value = { ...user.value, must_change_password: true }
    }
  }

  return {
    accessToken,
    expiresAt,
    user,
    restored,
    signedIn,
    mustChangePassword,
    permissions,
    can,
    refresh,
    restore,
    signIn,
    signOut,
    clearSession,
    reloadMe,
    changePassword,
    requirePasswordChange,
    onSessionExpired,
  }
})

export type AuthStore = ReturnType<typeof useAuthStore>
