import type { RouteLocationRaw } from 'vue-router'
import { listUnits } from '@/api/units'
import type { Me } from '@/api/types'

/**
 * Where the home page sends an account that has a page of its own: a unit
 * contact (共建单位联系人) works on their unit, so they land on its page.
 * Null: the workbench.
 */
export async function landingFor(user: Me | null): Promise<RouteLocationRaw | null> {
  if (!user || user.role !== 'unit_contact' || !user.permissions.includes('units.read')) return null
  const unitId = user.unit_id ?? (await firstVisibleUnit())
  return unitId ? { name: 'unit-detail', params: { id: String(unitId) } } : null
}

/** An account from before units were bound to contacts: the first unit it can see. */
async function firstVisibleUnit(): Promise<number | null> {
  try {
    const page = await listUnits({ page_size: 1, sort: 'id' })
    return page.items[0]?.id ?? null
  } catch {
    return null
  }
}
