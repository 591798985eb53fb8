import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from './schema'
import { isProblem, networkError, toApiError, type ApiError } from './problem'

/**
 * What the HTTP layer needs from the signed-in session. The auth store
 * provides it (`installSessionHooks`), so this module knows nothing of Pinia
 * or the router and can be tested with a fake `fetch`.
 */
export interface SessionHooks {
  /** The access token in memory, or null when signed out. */
  accessToken(): string | null
  /**
   * Gets a new access token with the refresh cookie. Concurrent callers must
   * share one request: a refresh token works once, a second use revokes the
   * whole session.
   */
  refresh(): Promise<boolean>
  /** The session cannot be renewed: sign in again. */
  sessionExpired(): void
  /** The server answered 403 `password_change_required`. */
  passwordChangeRequired(): void
}

const signedOut: SessionHooks = {
  accessToken: () => null,
  refresh: () => Promise.resolve(false),
  sessionExpired: () => undefined,
  passwordChangeRequired: () => undefined,
}

let hooks: SessionHooks = signedOut

export function installSessionHooks(next: SessionHooks): void {
  hooks = next
}

export function resetSessionHooks(): void {
  hooks = signedOut
}

/** Endpoints whose 401 means "wrong credentials" or "no session", never "refresh and retry". */
const NO_REFRESH = new Set(['/api/v1/auth/login', '/api/v1/auth/refresh', '/api/v1/auth/logout'])

interface Pending {
  /** A copy taken before sending: the body of the original is spent. */
  retry: Request
  /** The token the request went out with, to see whether someone refreshed meanwhile. */
  token: string | null
}

const pending = new Map<string, Pending>()

function withToken(request: Request, token: string | null): Request {
  if (token) request.headers.set('Authorization', `Bearer ${token}`)
  else request.headers.delete('Authorization')
  return request
}

async function isPasswordChangeRequired(response: Response): Promise<boolean> {
  if (response.status !== 403) return false
  try {
    const body: unknown = await response.clone().json()
    return isProblem(body) && body.code === 'password_change_required'
  } catch {
    return false
  }
}

/**
 * Bearer token on every call; on a 401, one refresh (shared with every other
 * request that failed at the same time) and one retry of the original request.
 */
export const authMiddleware: Middleware = {
  onRequest({ request, schemaPath, id }) {
    // Sign-in, refresh and sign-out go by password or cookie, never by token.
    if (NO_REFRESH.has(schemaPath)) return withToken(request, null)
    const token = hooks.accessToken()
    withToken(request, token)
    pending.set(id, { retry: request.clone(), token })
    return request
  },
  async onResponse({ response, id, options }) {
    const entry = pending.get(id)
    pending.delete(id)
    let result = response
    if (response.status === 401 && entry) {
      // Another request may already have renewed the token while this one
      // was under way: then retry with it instead of refreshing again.
      const current = hooks.accessToken()
      const renewed = current !== null && current !== entry.token ? true : await hooks.refresh()
      if (!renewed) {
        hooks.sessionExpired()
        return response
      }
      result = await options.fetch(withToken(entry.retry, hooks.accessToken()))
    }
    if (await isPasswordChangeRequired(result)) hooks.passwordChangeRequired()
    return result === response ? undefined : result
  },
  onError({ id }) {
    pending.delete(id)
  },
}

/**
 * The typed client. Relative URLs: in production nginx serves the SPA and
 * proxies the API on one origin; in development Vite proxies `/api`.
 * `fetch` is looked up per call so tests can replace the global.
 */
export const api = createClient<paths>({
  baseUrl: '',
  fetch: (request: Request) => globalThis.fetch(request),
})
api.use(authMiddleware)

interface FetchResult<T> {
  data?: T
  error?: unknown
  response: Response
}

/** The answer of an openapi-fetch call, or an `ApiError` for no answer or an error status. */
async function settle<T>(call: Promise<FetchResult<T>>): Promise<FetchResult<T>> {
  let result: FetchResult<T>
  try {
    result = await call
  } catch (cause) {
    throw networkError(cause)
  }
  if (!result.response.ok) throw toApiError(result.error, result.response)
  return result
}

/** Awaits an openapi-fetch call: its data, or an `ApiError`. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, response } = await settle(call)
  if (data === undefined) throw toApiError(undefined, response)
  return data
}

/** Like `unwrap`, for answers without a body (204). */
export async function unwrapEmpty(call: Promise<FetchResult<unknown>>): Promise<void> {
  await settle(call)
}

/** The `If-Match` value for an object whose `version` is its ETag. */
export function etagOf(entity: { version: number }): string {
  return `"${entity.version}"`
}

/** Query values the list endpoints take; `undefined` and '' are left out. */
export function compactQuery<Q extends object>(query: Q): Q {
  const out: Partial<Q> = {}
  for (const key of Object.keys(query) as (keyof Q)[]) {
    const value = query[key]
    if (value !== undefined && value !== null && value !== '') out[key] = value
  }
  return out as Q
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown
  try {
    if ((response.headers.get('Content-Type') ?? '').includes('json')) body = await response.json()
  } catch {
    body = undefined
  }
  return toApiError(body, response)
}

/**
 * A call the typed client does not make: a file upload sent as the raw body,
 * a binary download. Same bearer token, same single refresh and retry on a
 * 401, same `ApiError` for an error answer; resolves to the successful
 * `Response` for the caller to read (`json()`, `blob()`).
 */
export async function rawRequest(path: string, init: RequestInit = {}): Promise<Response> {
  const send = async (token: string | null): Promise<Response> => {
    const headers = new Headers(init.headers)
    if (token) headers.set('Authorization', `Bearer ${token}`)
    try {
      return await globalThis.fetch(new Request(path, { ...init, headers }))
    } catch (cause) {
      throw networkError(cause)
    }
  }
  const token = hooks.accessToken()
  let response = await send(token)
  if (response.status === 401) {
    const current = hooks.accessToken()
    const renewed = current !== null && current !== token ? true : await hooks.refresh()
    if (!renewed) {
      hooks.sessionExpired()
      throw await errorOf(response)
    }
    response = await send(hooks.accessToken())
  }
  if (await isPasswordChangeRequired(response)) hooks.passwordChangeRequired()
  if (!response.ok) throw await errorOf(response)
  return response
}

/** A query string of the set values (`undefined`, null and '' left out), with its `?`. */
export function queryString(query: object): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(compactQuery(query))) params.set(key, String(value))
  const text = params.toString()
  return text ? `?${text}` : ''
}
