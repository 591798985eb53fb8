import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Router } from 'vue-router'
import { listAreas, getArea, createArea } from '@/api/areas'
import { resetSessionHooks } from '@/api/client'
import { isApiError } from '@/api/problem'
import { setLocale } from '@/locales'
import { connectSession } from '@/router/session'
import { useAuthStore } from '@/stores/auth'
import { json, me, problem, settle, testRouter, tokens } from './helpers'

const AREA = {
  id: 7,
  code: '152922100001001',
  name: '第一网格',
  kind: 'grid',
  depth: 3,
  version: 1,
  created_at: '2026-05-01T00:00:00Z',
  updated_at: '2026-05-01T00:00:00Z',
}

interface Seen {
  method: string
  path: string
  authorization: string | null
  body: string
}

/** A server that accepts only the token `valid` and renews with `onRefresh`. */
function fakeServer(onRefresh: () => Promise<Response>) {
  const seen: Seen[] = []
  let valid = 'valid'
  const fetch = vi.fn(async (request: Request) => {
    const url = new URL(request.url)
    const entry = {
      method: request.method,
      path: url.pathname,
      authorization: request.headers.get('Authorization'),
      body: request.method === 'GET' ? '' : await request.text(),
    }
    seen.push(entry)
    if (url.pathname === '/api/v1/auth/refresh') {
      const response = await onRefresh()
      if (response.ok) {
        const body = (await response.clone().json()) as { access_token: string }
        valid = body.access_token
      }
      return response
    }
    if (entry.authorization !== `Bearer ${valid}`) return problem(401, 'invalid_token')
    if (url.pathname === '/api/v1/areas' && request.method === 'GET') {
      return json({ items: [AREA], total: 1, page: 1, page_size: 20 })
    }
    if (url.pathname === '/api/v1/areas' && request.method === 'POST') return json(AREA, 201)
    if (url.pathname === '/api/v1/areas/7') return json(AREA)
    return problem(404, 'not_found')
  })
  return { fetch, seen }
}

describe('token refresh on 401', () => {
  let router: Router

  beforeEach(async () => {
    setLocale('zh-CN')
    setActivePinia(createPinia())
    router = testRouter()
    connectSession(router)
    const auth = useAuthStore()
    // A session whose access token the server no longer accepts.
    auth.$patch({ accessToken: 'expired', user: me(), restored: true })
    await router.push('/areas?kind=grid')
  })

  afterEach(() => {
    useAuthStore().clearSession()
    resetSessionHooks()
    vi.unstubAllGlobals()
  })

  it('renews once for concurrent 401s and retries each request once', async () => {
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const server = fakeServer(async () => {
      await gate // both 401s arrive while the refresh is still under way
      return json(tokens('fresh'))
    })
    vi.stubGlobal('fetch', server.fetch)

    const both = Promise.all([listAreas({ kind: 'grid' }), getArea(7)])
    await settle()
    release()
    const [page, area] = await both

    expect(page.items[0]?.name).toBe('第一网格')
    expect(area.id).toBe(7)
    const refreshes = server.seen.filter((s) => s.path === '/api/v1/auth/refresh')
    expect(refreshes).toHaveLength(1)
    expect(refreshes[0]?.body).toBe('{}')
    expect(server.seen.filter((s) => s.path === '/api/v1/areas')).toHaveLength(2)
    expect(server.seen.filter((s) => s.path === '/api/v1/areas/7')).toHaveLength(2)
    const retried = server.seen.filter((s) => s.path !== '/api/v1/auth/refresh' && s.authorization === 'Bearer fresh')
    expect(retried).toHaveLength(2)
    expect(useAuthStore().accessToken).toBe('fresh')
    expect(router.currentRoute.value.name).toBe('areas')
  })

  it('resends the body of a retried POST', async () => {
    const server = fakeServer(async () => json(tokens('fresh')))
    vi.stubGlobal('fetch', server.fetch)

    await createArea({ code: '152922100001001', name: '第一网格', kind: 'grid', parent_id: 4 })

    const posts = server.seen.filter((s) => s.path === '/api/v1/areas' && s.method === 'POST')
    expect(posts).toHaveLength(2)
    expect(posts[1]?.body).toBe(posts[0]?.body)
    expect(JSON.parse(posts[1]?.body ?? '{}')).toMatchObject({ name: '第一网格' })
  })

  it('sends the user to sign-in with the page in `redirect` when the refresh fails', async () => {
    const server = fakeServer(async () => problem(401, 'invalid_refresh_token'))
    vi.stubGlobal('fetch', server.fetch)

    const failure = await listAreas().catch((error: unknown) => error)
    await settle()

    expect(isApiError(failure) && failure.status).toBe(401)
    expect(server.seen.filter((s) => s.path === '/api/v1/auth/refresh')).toHaveLength(1)
    expect(server.seen.filter((s) => s.path === '/api/v1/areas')).toHaveLength(1)
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/areas?kind=grid')
    expect(useAuthStore().accessToken).toBeNull()
  })

  it('sends the user to the password change on 403 password_change_required', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => problem(403, 'password_change_required')),
    )
    await listAreas().catch(() => undefined)
    await settle()

    expect(useAuthStore().mustChangePassword).toBe(true)
    expect(router.currentRoute.value.name).toBe('password-change')
    expect(router.currentRoute.value.query.redirect).toBe('/areas?kind=grid')
  })
})

describe('session on page load', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })

  afterEach(() => {
    useAuthStore().clearSession()
    vi.unstubAllGlobals()
  })

  it('restores the session from the refresh cookie with one request', async () => {
    const fetch = vi.fn(async () => json(tokens('restored')))
    vi.stubGlobal('fetch', fetch)
    const auth = useAuthStore()

    const [a, b] = await Promise.all([auth.restore(), auth.restore()])

    expect(a && b).toBe(true)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(auth.accessToken).toBe('restored')
    expect(auth.user?.username).toBe('community_admin')
  })

  it('stays signed out when there is no cookie', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => problem(401, 'invalid_refresh_token')))
    const auth = useAuthStore()
    expect(await auth.restore()).toBe(false)
    expect(auth.signedIn).toBe(false)
    expect(auth.restored).toBe(true)
  })

  it('keeps the token in memory only', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(tokens('secret-token'))))
    await useAuthStore().signIn('community_admin', 'Gridlink@2026')
    const stored = [...Object.values(localStorage), ...Object.values(sessionStorage)].join(' ')
    expect(stored).not.toContain('secret-token')
  })

  it('renews the access token shortly before it expires', async () => {
    vi.useFakeTimers()
    try {
      const fetch = vi
        .fn()
        .mockResolvedValueOnce(json({ ...tokens('first'), expires_in: 900 }))
        .mockResolvedValueOnce(json({ ...tokens('second'), expires_in: 900 }))
      vi.stubGlobal('fetch', fetch)
      const auth = useAuthStore()
      await auth.signIn('community_admin', 'Gridlink@2026')
      expect(auth.accessToken).toBe('first')

      await vi.advanceTimersByTimeAsync(839_000)
      expect(fetch).toHaveBeenCalledTimes(1)
      await vi.advanceTimersByTimeAsync(2_000)
      expect(fetch).toHaveBeenCalledTimes(2)
      expect(auth.accessToken).toBe('second')
    } finally {
      vi.useRealTimers()
    }
  })
})
