import type { Household, HouseholdDetail, Pairing, Visit, Wish } from '@/api/types'

/** A household as `GET /households` lists it: identity number and phone masked. */
export function household(overrides: Partial<Household> = {}): Household {
  return {
    id: 7, household_no: 'H2026000007', head_name: '张桂兰', id_number: '110***********002X', phone: '139****0042',
    has_situation: true, members: [{ name: '李小明', relation: '孙子', age: 9 }],
    area: { id: 6, code: '152922100001001', name: '第1网格', kind: 'grid' }, address: '巴丹吉林社区 3 号楼 101',
    categories: ['elderly_alone', 'minimum_living'], status: 'active', active_pairings: 1, overdue: false,
    next_visit_due: '2026-12-01', archived_at: null, erased_at: null, version: 3,
    created_at: '2026-05-01T00:00:00Z', updated_at: '2026-05-01T00:00:00Z',
    ...overrides,
  }
}

export function pairing(overrides: Partial<Pairing> = {}): Pairing {
  return {
    id: 11, household: { id: 7, household_no: 'H2026000007', head_name: '张桂兰' },
    area: { id: 6, code: '152922100001001', name: '第1网格', kind: 'grid' },
    helper: { kind: 'unit', id: 1, name: '阿拉善右旗人民医院' }, starts_on: '2026-11-01', ends_on: null,
    plan: '每月上门一次', goals: null, visit_interval_days: 30, status: 'active', end_reason: null,
    last_visit_on: null, visit_count: 0, due_on: '2026-12-01', overdue: false, due_this_week: false, version: 1,
    created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z',
    ...overrides,
  }
}

export function visit(overrides: Partial<Visit> = {}): Visit {
  return {
    id: 31, pairing_id: 11, household_id: 7, visited_on: '2026-11-20', kind: 'visit', paperwork: null,
    content: '上门了解近况，送去米面油', outcome: null, follow_up_on: null, photos: [], recorded_by: '王丽华',
    created_at: '2026-11-20T02:00:00Z',
    ...overrides,
  }
}

export function detail(overrides: Partial<HouseholdDetail> = {}): HouseholdDetail {
  return { ...household(), pairings: [pairing()], visits: [visit()], ...overrides }
}

export function wish(overrides: Partial<Wish> = {}): Wish {
  return {
    id: 5, title: '一个新书包', description: '三年级男孩', area: { id: 6, code: '152922100001001', name: '第1网格', kind: 'grid' },
    household: { id: 7, household_no: 'H2026000007', head_name: '张桂兰' }, status: 'open', claimer: null,
    claimed_at: null, fulfilled_at: null, fulfil_note: null, cancel_reason: null, version: 1,
    created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z',
    ...overrides,
  }
}

/** The server's role → permission table for these pages (and what else the tests need). */
export const ROLE_PERMISSIONS = {
  admin: ['audit.read', 'households.read', 'households.write', 'households.reveal', 'households.erase', 'pairings.write'],
  area_admin: ['audit.read', 'households.read', 'households.write', 'households.reveal', 'pairings.write'],
  grid_worker: ['households.read', 'households.write'],
  unit_contact: ['units.read', 'services.fulfil', 'pairings.self'],
  volunteer: ['projects.read', 'enrollments.self', 'pairings.self'],
} as const
