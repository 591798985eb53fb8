import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Router } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { me, problem, testRouter } from './helpers'

describe('route guards', () => {
  let router: Router

  beforeEach(() => {
    setActivePinia(createPinia())
    router = testRouter()
    // No refresh cookie: the silent restore on the first navigation fails.
    vi.stubGlobal('fetch', vi.fn(async () => problem(401, 'invalid_refresh_token')))
  })

  afterEach(() => {
    useAuthStore().clearSession()
    vi.unstubAllGlobals()
  })

  function signIn(overrides: Parameters<typeof me>[0] = {}): void {
    useAuthStore().$patch({ accessToken: 'token', user: me(overrides), restored: true })
  }

  it('sends visitors to sign-in, keeping the page they asked for', async () => {
    await router.push('/users?role=grid_worker')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/users?role=grid_worker')
    expect(useAuthStore().restored).toBe(true)
  })

  it('keeps an account with a temporary password on the password change page', async () => {
    signIn({ must_change_password: true })

    await router.push('/users')
    expect(router.currentRoute.value.name).toBe('password-change')
    expect(router.currentRoute.value.query.redirect).toBe('/users')

    // No way around it: other pages, home and the sign-in page all lead back.
    for (const path of ['/', '/areas', '/profile', '/login', '/no-such-page']) {
      await router.push(path)
      expect(router.currentRoute.value.name, path).toBe('password-change')
    }
  })

  it('lets the account through once the password is changed', async () => {
    signIn({ must_change_password: true })
    await router.push('/users')
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })))

    await useAuthStore().changePassword('Temp@2026x', 'N3w-password!')
    await router.push('/users')

    expect(router.currentRoute.value.name).toBe('users')
    // The change page itself is no longer where anyone belongs.
    await router.push('/password/change')
    expect(router.currentRoute.value.name).toBe('home')
  })

  it('also applies after sign-in when the server says so', async () => {
    const auth = useAuthStore()
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json({
          access_token: 't',
          token_type: 'Bearer',
          expires_in: 900,
          user: me({ must_change_password: true }),
        }),
      ),
    )
    await auth.signIn('new_worker', 'Temp@2026x')
    await router.push('/areas')
    expect(router.currentRoute.value.name).toBe('password-change')
  })

  it('answers 403 for a page the role may not open', async () => {
    signIn({ role: 'grid_worker', permissions: ['areas.read'] })
    await router.push('/users')
    expect(router.currentRoute.value.name).toBe('forbidden')
    await router.push('/areas')
    expect(router.currentRoute.value.name).toBe('areas')
  })

  it('sends a unit contact from the workbench to their own unit', async () => {
    signIn({
      role: 'unit_contact',
      unit_id: 7,
      permissions: ['areas.read', 'units.read', 'units.write_own', 'party_orgs.read', 'agreements.read'],
    })
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('unit-detail')
    expect(router.currentRoute.value.params.id).toBe('7')
    // Their other pages stay open.
    await router.push('/agreements')
    expect(router.currentRoute.value.name).toBe('agreements')
  })

  it('falls back to the first unit a unit contact can see when the account names none', async () => {
    signIn({ role: 'unit_contact', unit_id: null, permissions: ['units.read'] })
    const fetch = vi.fn(async (_request: Request) =>
      Response.json({ items: [{ id: 12, name: '阿拉善右旗人民医院' }], total: 1, page: 1, page_size: 1 }),
    )
    vi.stubGlobal('fetch', fetch)
    await router.push('/')
    expect(router.currentRoute.value.fullPath).toBe('/units/12')
    expect(new URL(fetch.mock.calls[0]?.[0].url ?? '').pathname).toBe('/api/v1/units')
  })

  it('keeps everyone else on the workbench', async () => {
    signIn()
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('home')
  })

  it('moves a signed-in user away from the sign-in page to a safe redirect', async () => {
    signIn()
    await router.push('/login?redirect=/audit')
    expect(router.currentRoute.value.fullPath).toBe('/audit')
    await router.push('/login?redirect=//evil.example/x')
    expect(router.currentRoute.value.name).toBe('home')
  })
})

describe('v-permission', () => {
  it('hides what the role may not do', async () => {
    const { mount } = await import('@vue/test-utils')
    const { vPermission } = await import('@/directives/permission')
    setActivePinia(createPinia())
    useAuthStore().$patch({ accessToken: 't', user: me({ role: 'grid_worker', permissions: ['areas.read'] }) })
    const wrapper = mount(
      {
        template: `<div>
          <button id="read" v-permission="'areas.read'">read</button>
          <button id="write" v-permission="'areas.write'">write</button>
          <button id="either" v-permission="['users.write', 'areas.read']">either</button>
        </div>`,
      },
      { global: { directives: { permission: vPermission } } },
    )
    expect(wrapper.find('#read').isVisible()).toBe(true)
    expect(wrapper.find('#write').attributes('style')).toContain('display: none')
    expect(wrapper.find('#either').isVisible()).toBe(true)
  })
})
