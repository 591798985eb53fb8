import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { House } from '@element-plus/icons-vue'
import type { Router } from 'vue-router'
import type { Me } from '@/api/types'
import { activeMenuPath, menuEntries, type MenuItem } from '@/composables/useMenu'
import { useAuthStore } from '@/stores/auth'
import { ROLE_PERMISSIONS } from './assistanceFixtures'
import { me, problem, testRouter } from './helpers'

const PAGES = ['/households', '/households/7', '/pairings/overdue', '/me/pairings', '/wishes'] as const

describe('pairing assistance pages by role', () => {
  let router: Router

  beforeEach(() => {
    setActivePinia(createPinia())
    router = testRouter()
    vi.stubGlobal('fetch', vi.fn(async () => problem(401, 'invalid_refresh_token')))
  })

  afterEach(() => {
    useAuthStore().clearSession()
    vi.unstubAllGlobals()
  })

  async function reachable(role: keyof typeof ROLE_PERMISSIONS): Promise<string[]> {
    const permissions = [...ROLE_PERMISSIONS[role]] as Me['permissions']
    useAuthStore().$patch({ accessToken: 't', user: me({ role, permissions }), restored: true })
    const open: string[] = []
    for (const path of PAGES) {
      await router.push(path)
      if (router.currentRoute.value.name !== 'forbidden') open.push(path)
    }
    return open
  }

  it('staff reach the ledger, a household, the overdue list and the wishes, not the helpers’ page', async () => {
    const staff = ['/households', '/households/7', '/pairings/overdue', '/wishes']
    expect(await reachable('admin')).toEqual(staff)
    expect(await reachable('area_admin')).toEqual(staff)
    expect(await reachable('grid_worker')).toEqual(staff)
  })

  it('helpers reach their pairings, their households and the wishes, never the ledger', async () => {
    const helper = ['/households/7', '/me/pairings', '/wishes']
    expect(await reachable('unit_contact')).toEqual(helper)
    expect(await reachable('volunteer')).toEqual(helper)
  })
})

describe('the side menu', () => {
  const item = (path: string, group?: 'assistance'): MenuItem => ({ path, name: path, title: `menu${path}`, icon: House, group })

  it('folds the assistance pages under 结对帮扶, where the first of them would be', () => {
    const entries = menuEntries([item('/'), item('/households', 'assistance'), item('/pairings/overdue', 'assistance'), item('/users')])
    expect(entries.map((e) => (e.kind === 'item' ? e.item.path : `${e.title}:${e.items.map((i) => i.path).join(',')}`))).toEqual([
      '/',
      'menu.groups.assistance:/households,/pairings/overdue',
      '/users',
    ])
  })

  it('shows a group’s only page on its own', () => {
    const entries = menuEntries([item('/'), item('/wishes', 'assistance')])
    expect(entries).toEqual([{ kind: 'item', item: item('/') }, { kind: 'item', item: item('/wishes', 'assistance') }])
  })

  it('lights the page’s own menu entry, a detail page its list', () => {
    const items = [item('/'), item('/households'), item('/pairings/overdue'), item('/me/pairings')]
    expect(activeMenuPath('/households/7', items)).toBe('/households')
    expect(activeMenuPath('/pairings/overdue', items)).toBe('/pairings/overdue')
    expect(activeMenuPath('/me/pairings', items)).toBe('/me/pairings')
    expect(activeMenuPath('/', items)).toBe('/')
    expect(activeMenuPath('/units/3', items)).toBe('/units')
  })
})
