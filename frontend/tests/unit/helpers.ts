import { vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, type Router, type RouteRecordRaw } from 'vue-router'
import { routes } from '@/router/routes'
import { installGuards } from '@/router/guards'
import type { Me, TokenResponse } from '@/api/types'

/** The app's routes with every page replaced by a stub, so navigation does not load real views. */
export function stubRoutes(records: RouteRecordRaw[] = routes): RouteRecordRaw[] {
  return records.map((record) => {
    const name = typeof record.name === 'string' ? record.name : 'layout'
    const stub = defineComponent({ name: `Stub-${name}`, render: () => h('div', [h('span', name), h('router-view')]) })
    const copy = { ...record, component: stub } as RouteRecordRaw
    if (record.children) (copy as { children: RouteRecordRaw[] }).children = stubRoutes(record.children)
    return copy
  })
}

export function testRouter(): Router {
  const router = createRouter({ history: createMemoryHistory(), routes: stubRoutes() })
  installGuards(router)
  return router
}

export function me(overrides: Partial<Me> = {}): Me {
  return {
    id: 4,
    username: 'community_admin',
    display_name: '巴丹吉林社区管理员',
    phone: null,
    role: 'area_admin',
    area: { id: 4, code: '152922100001', name: '巴丹吉林社区', kind: 'community' },
    permissions: ['areas.read', 'areas.write', 'users.read', 'users.write', 'audit.read'],
    must_change_password: false,
    ...overrides,
  }
}

export function tokens(accessToken: string, user: Me = me()): TokenResponse {
  return { access_token: accessToken, token_type: 'Bearer', expires_in: 900, user }
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const contentType = status >= 400 ? 'application/problem+json' : 'application/json'
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': contentType, ...headers },
  })
}

export function problem(status: number, code: string, extra: Record<string, unknown> = {}): Response {
  return json(
    { type: `/api/problems/${code}`, title: code, status, code, request_id: 'req-test-1', ...extra },
    status,
    { 'X-Request-Id': 'req-test-1' },
  )
}

/** Lets pending promises and timers of zero length run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}

export const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** What a component sent to the fake API. */
export interface SeenRequest {
  method: string
  /** Path and query. */
  url: string
  ifMatch: string | null
  contentType: string | null
  body: string
}

/**
 * Stands in for `fetch`: answers the calls with `responses` in turn and
 * records each request; a call beyond them fails the test.
 */
export function fakeApi(responses: Response[]): SeenRequest[] {
  const seen: SeenRequest[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url)
      seen.push({
        method: request.method,
        url: url.pathname + url.search,
        ifMatch: request.headers.get('If-Match'),
        contentType: request.headers.get('Content-Type'),
        body: await request.text(),
      })
      const next = responses.shift()
      if (!next) throw new Error(`unexpected ${request.method} ${request.url}`)
      return next
    }),
  )
  return seen
}
