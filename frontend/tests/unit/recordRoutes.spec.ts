import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Router } from 'vue-router'
import type { Me } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { me, problem, testRouter } from './helpers'

/** The server's role → permission table, for the record and certificate pages. */
const PERMISSIONS: Record<'area_admin' | 'grid_worker' | 'unit_contact' | 'volunteer', Me['permissions']> = {
  area_admin: ['volunteers.read', 'projects.read', 'projects.write', 'records.read', 'certificates.issue', 'enrollments.read'],
  grid_worker: ['volunteers.read', 'projects.read', 'records.read', 'enrollments.read'],
  unit_contact: ['areas.read', 'units.read'],
  volunteer: ['projects.read', 'enrollments.self'],
}

const PAGES = ['/service-records', '/service-records/totals', '/certificates', '/certificates/5/print'] as const

describe('record and certificate pages by role', () => {
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
    useAuthStore().$patch({ accessToken: 't', user: me({ role, permissions: PERMISSIONS[role] }), restored: true })
    const open: string[] = []
    for (const path of PAGES) {
      await router.push(path)
      if (router.currentRoute.value.name !== 'forbidden') open.push(path)
    }
    return open
  }

  it('community staff and grid workers read records, totals and certificates', async () => {
    expect(await reachable('area_admin')).toEqual([...PAGES])
    expect(await reachable('grid_worker')).toEqual([...PAGES])
  })

  it('unit contacts and volunteer accounts reach none of them here', async () => {
    expect(await reachable('unit_contact')).toEqual([])
    expect(await reachable('volunteer')).toEqual([])
  })
})
