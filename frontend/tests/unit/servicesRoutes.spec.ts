import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Router } from 'vue-router'
import type { Me } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { me, problem, testRouter } from './helpers'

/** The role → permission table of the server, for the roles that meet resources, needs and services. */
const PERMISSIONS: Record<'area_admin' | 'grid_worker' | 'unit_contact', Me['permissions']> = {
  area_admin: [
    'areas.read', 'units.read', 'agreements.read', 'resources.read', 'resources.write', 'needs.read', 'needs.write',
    'services.read', 'services.order', 'services.fulfil', 'services.rate',
  ],
  grid_worker: ['areas.read', 'units.read', 'resources.read', 'needs.read', 'needs.write', 'services.read', 'services.order'],
  unit_contact: [
    'areas.read', 'units.read', 'units.write_own', 'resources.read', 'resources.write_own', 'needs.read', 'services.read',
    'services.fulfil',
  ],
}

const PAGES = ['/supermarket', '/needs', '/needs/12', '/resources', '/services', '/services/inbox', '/services/7'] as const

describe('resource, need and service pages by role', () => {
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

  async function reachable(role: keyof typeof PERMISSIONS): Promise<string[]> {
    useAuthStore().$patch({ accessToken: 't', user: me({ role, unit_id: 1, permissions: PERMISSIONS[role] }), restored: true })
    const open: string[] = []
    for (const path of PAGES) {
      await router.push(path)
      if (router.currentRoute.value.name !== 'forbidden') open.push(path)
    }
    return open
  }

  it('community and street staff see the supermarket, the need board, resources, services and the inbox', async () => {
    expect(await reachable('area_admin')).toEqual([...PAGES])
  })

  it('grid workers see needs and services, not the supermarket nor resources management', async () => {
    expect(await reachable('grid_worker')).toEqual(['/needs', '/needs/12', '/services', '/services/7'])
  })

  it('unit contacts see their resources, their services with the inbox, and the detail pages they are linked to', async () => {
    expect(await reachable('unit_contact')).toEqual(['/needs/12', '/resources', '/services', '/services/inbox', '/services/7'])
  })
})
