import { describe, expect, it } from 'vitest'
import type { User } from '@/api/types'
import {
  accountPatch,
  canManage,
  fieldsOf,
  grantableRoles,
  homeAreaRequired,
  PHONE_PATTERN,
  USERNAME_PATTERN,
  type Caller,
} from '@/views/users/userRules'

const community = { id: 4, code: '152922100001', name: '巴丹吉林社区', kind: 'community' as const }

const systemAdmin: Caller = {
  id: 1,
  area: null,
  permissions: ['areas.read', 'areas.write', 'users.read', 'users.write', 'users.grant_admin', 'audit.read'],
}
const boundAdmin: Caller = { ...systemAdmin, id: 2, area: community }
const areaAdmin: Caller = {
  id: 3,
  area: community,
  permissions: ['areas.read', 'areas.write', 'users.read', 'users.write', 'audit.read'],
}
const reader: Caller = { id: 5, area: community, permissions: ['areas.read', 'users.read'] }

function user(overrides: Partial<User> = {}): User {
  return {
    id: 9,
    username: 'grid_worker',
    display_name: '网格员',
    phone: '13800000000',
    role: 'grid_worker',
    area: community,
    status: 'active',
    must_change_password: false,
    locked_until: null,
    last_login_at: null,
    version: 3,
    created_at: '2026-05-01T00:00:00Z',
    updated_at: '2026-05-01T00:00:00Z',
    ...overrides,
  }
}

describe('grantableRoles', () => {
  it('offers the admin role only with users.grant_admin', () => {
    expect(grantableRoles(systemAdmin)).toEqual(['admin', 'area_admin', 'grid_worker', 'unit_contact', 'volunteer'])
    expect(grantableRoles(boundAdmin)).toContain('admin')
    expect(grantableRoles(areaAdmin)).toEqual(['area_admin', 'grid_worker', 'unit_contact', 'volunteer'])
  })
})

describe('homeAreaRequired', () => {
  it('is required for every role but an admin made by a system-wide caller', () => {
    expect(homeAreaRequired('admin', systemAdmin)).toBe(false)
    expect(homeAreaRequired('area_admin', systemAdmin)).toBe(true)
    expect(homeAreaRequired('volunteer', systemAdmin)).toBe(true)
    expect(homeAreaRequired(undefined, systemAdmin)).toBe(true)
  })

  it('is required even for an admin when the caller has a home area', () => {
    expect(homeAreaRequired('admin', boundAdmin)).toBe(true)
    expect(homeAreaRequired('grid_worker', areaAdmin)).toBe(true)
  })
})

describe('canManage', () => {
  it('needs users.write, and users.grant_admin for admin accounts', () => {
    expect(canManage(areaAdmin, user())).toBe(true)
    expect(canManage(areaAdmin, user({ role: 'admin' }))).toBe(false)
    expect(canManage(boundAdmin, user({ role: 'admin' }))).toBe(true)
    expect(canManage(reader, user())).toBe(false)
  })
})

describe('accountPatch', () => {
  it('sends nothing when nothing changed', () => {
    const row = user()
    expect(accountPatch(row, fieldsOf(row))).toEqual({})
  })

  it('sends only the changed fields, trimmed, with an empty phone as null', () => {
    const row = user()
    expect(accountPatch(row, { ...fieldsOf(row), display_name: ' 王小明 ', phone: '' })).toEqual({
      display_name: '王小明',
      phone: null,
    })
  })

  it('sends a new role and home area, and null to make an account system-wide', () => {
    const row = user()
    expect(accountPatch(row, { ...fieldsOf(row), role: 'area_admin', area_id: 7 })).toEqual({
      role: 'area_admin',
      area_id: 7,
    })
    expect(accountPatch(row, { ...fieldsOf(row), role: 'admin', area_id: undefined })).toEqual({
      role: 'admin',
      area_id: null,
    })
  })

  it('treats a missing phone and an empty one as the same', () => {
    const row = user({ phone: null })
    expect(accountPatch(row, { ...fieldsOf(row), phone: '  ' })).toEqual({})
  })
})

describe('field patterns', () => {
  it('accepts usernames of 3 to 32 of a-z 0-9 _ . -', () => {
    for (const ok of ['abc', 'grid_worker.01', 'a-b', 'x'.repeat(32)]) expect(USERNAME_PATTERN.test(ok)).toBe(true)
    for (const bad of ['ab', 'Admin', '王五', 'a b', 'x'.repeat(33)]) expect(USERNAME_PATTERN.test(bad)).toBe(false)
  })

  it('accepts mainland mobiles and landlines with area code', () => {
    for (const ok of ['13812345678', '010-12345678', '0483-8123456', '04838123456', '010-12345678-123']) {
      expect(PHONE_PATTERN.test(ok)).toBe(true)
    }
    for (const bad of ['12812345678', '1381234567', '12345678', '+8613812345678']) {
      expect(PHONE_PATTERN.test(bad)).toBe(false)
    }
  })
})
