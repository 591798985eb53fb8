import { describe, expect, it } from 'vitest'
import {
  MATCH_FACTORS,
  NEED_CATEGORIES,
  NEED_STATUSES,
  RESOURCE_CATEGORIES,
  RESOURCE_STATUSES,
  SERVICE_KINDS,
  SERVICE_STATUSES,
  URGENCIES,
  type Me,
  type Need,
  type Resource,
  type Service,
  type ServiceStatus,
} from '@/api/types'
import zhCN from '@/locales/zh-CN'
import en from '@/locales/en'
import { setLocale } from '@/locales'
import {
  availabilityText,
  canEditResource,
  isUsedUp,
  quantityText,
  yuanText,
} from '@/views/resources/resourceList'
import {
  availabilityProblem,
  createBody as resourceCreateBody,
  emptyForm as emptyResourceForm,
  formOf as resourceFormOf,
  updateBody as resourceUpdateBody,
} from '@/views/resources/resourceForm'
import { isPending, needActionsOf } from '@/views/needs/needList'
import { createBody as needCreateBody, emptyForm as emptyNeedForm, formOf as needFormOf, updateBody as needUpdateBody } from '@/views/needs/needForm'
import { reasonTagType, shownReasons } from '@/views/needs/needMatches'
import { allowedSteps, TRANSITIONS } from '@/views/services/serviceList'
import {
  badPhotoLine,
  deliverBody,
  emptyDelivery,
  isPastDay,
  maxQuantity,
  orderBody,
  proposalBody,
  rateBody,
  validScore,
} from '@/views/services/serviceForms'
import { groupByCategory } from '@/views/supermarket/shelf'

function viewer(role: Me['role'], permissions: Me['permissions'], unitId: number | null = null) {
  return { role, permissions, unit_id: unitId }
}

const ADMIN = viewer('area_admin', [
  'resources.read', 'resources.write', 'needs.read', 'needs.write',
  'services.read', 'services.order', 'services.fulfil', 'services.rate',
])
const GRID_WORKER = viewer('grid_worker', ['resources.read', 'needs.read', 'needs.write', 'services.read', 'services.order'])
const HOSPITAL_CONTACT = viewer('unit_contact', ['resources.read', 'resources.write_own', 'needs.read', 'services.read', 'services.fulfil'], 1)
const SCHOOL_CONTACT = viewer('unit_contact', ['resources.read', 'resources.write_own', 'needs.read', 'services.read', 'services.fulfil'], 2)

function resource(overrides: Partial<Resource> = {}): Resource {
  return {
    id: 31,
    unit: { id: 1, name: '阿拉善右旗人民医院' },
    category: 'skills',
    title: '家庭医生上门巡诊',
    description: null,
    quantity: 5,
    reserved: 2,
    remaining: 3,
    measure: '名医生',
    areas: [{ id: 4, code: '152922100001', name: '巴丹吉林社区', kind: 'community' }],
    availability: { always: true, date_ranges: [], weekly: [] },
    contact_name: '张医生',
    contact_phone: '13904830001',
    status: 'available',
    shelf: true,
    version: 1,
    created_at: '2026-05-01T00:00:00Z',
    updated_at: '2026-05-01T00:00:00Z',
    ...overrides,
  }
}

function service(status: ServiceStatus, overrides: Partial<Service> = {}): Service {
  return {
    id: 7,
    kind: 'shelf_order',
    status,
    need: null,
    resource: { id: 31, title: '家庭医生上门巡诊', category: 'skills', measure: '名医生', shelf: true },
    unit: { id: 1, name: '阿拉善右旗人民医院' },
    area: { id: 4, code: '152922100001', name: '巴丹吉林社区', kind: 'community' },
    quantity: 1,
    wanted_by: '2026-12-01',
    note: null,
    overdue: false,
    reason: null,
    delivery: null,
    rating: null,
    ordered_by: { id: 4, display_name: '社区管理员' },
    timeline: [],
    version: 1,
    created_at: '2026-11-01T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
    ...overrides,
  }
}

function need(overrides: Partial<Need> = {}): Need {
  return {
    id: 12,
    area: { id: 6, code: '152922100001001', name: '第1网格', kind: 'grid' },
    category: 'care',
    title: '独居老人助餐',
    description: null,
    beneficiary_count: 12,
    beneficiaries: '独居老人',
    urgency: 'high',
    wanted_by: '2026-12-10',
    raised_by: { id: 9, display_name: '王网格员' },
    status: 'open',
    close_reason: null,
    overdue: false,
    version: 3,
    created_at: '2026-11-01T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
    ...overrides,
  }
}

describe('Chinese labels for every enumeration value', () => {
  const tables = [
    ['resourceCategory', RESOURCE_CATEGORIES],
    ['resourceStatus', RESOURCE_STATUSES],
    ['needCategory', NEED_CATEGORIES],
    ['needStatus', NEED_STATUSES],
    ['urgency', URGENCIES],
    ['serviceStatus', SERVICE_STATUSES],
    ['serviceKind', SERVICE_KINDS],
    ['matchFactor', MATCH_FACTORS],
  ] as const

  it.each(tables)('%s', (table, values) => {
    const zh = zhCN.enums[table] as Record<string, string>
    const english = en.enums[table] as Record<string, string>
    expect(Object.keys(zh).sort()).toEqual([...values].sort())
    expect(Object.keys(english).sort()).toEqual([...values].sort())
    for (const value of values) expect(zh[value], value).toMatch(/[\u4e00-\u9fff]/)
  })

  it('names the nine assembly calls as the seeds do', () => {
    expect(NEED_CATEGORIES.map((c) => zhCN.enums.needCategory[c])).toEqual([
      '环卫整治', '扶贫助困', '敬老爱幼助残', '政策宣传', '便民利民', '救灾应急', '民意收集', '精神文明', '综治维稳',
    ])
  })

  it('explains the two refusals of the life cycle in Chinese', () => {
    expect(zhCN.errors.code.insufficient_quantity).toContain('剩余数量不足')
    expect(zhCN.errors.code.invalid_transition).toContain('状态')
  })
})

describe('service steps by state and role', () => {
  it('follows the life cycle for the unit side', () => {
    expect(allowedSteps(service('ordered'), HOSPITAL_CONTACT)).toEqual(['accept', 'decline', 'cancel'])
    expect(allowedSteps(service('accepted'), HOSPITAL_CONTACT)).toEqual(['start', 'cancel'])
    expect(allowedSteps(service('in_progress'), HOSPITAL_CONTACT)).toEqual(['deliver', 'cancel'])
    expect(allowedSteps(service('delivered'), HOSPITAL_CONTACT)).toEqual([])
  })

  it('gives a unit contact nothing on another unit’s service', () => {
    for (const status of SERVICE_STATUSES) expect(allowedSteps(service(status), SCHOOL_CONTACT), status).toEqual([])
  })

  it('lets the ordering side cancel and rate, but not a grid worker rate', () => {
    expect(allowedSteps(service('delivered'), ADMIN)).toEqual(['rate'])
    expect(allowedSteps(service('delivered'), GRID_WORKER)).toEqual([])
    expect(allowedSteps(service('ordered'), GRID_WORKER)).toEqual(['cancel'])
    expect(allowedSteps(service('in_progress'), GRID_WORKER)).toEqual(['cancel'])
  })

  it('ends nowhere after a final status, and nothing when signed out', () => {
    for (const end of ['closed', 'declined', 'cancelled'] as const) {
      expect(allowedSteps(service(end), ADMIN), end).toEqual([])
    }
    expect(allowedSteps(service('ordered'), null)).toEqual([])
  })

  it('allows exactly the server’s eight transitions', () => {
    const pairs = Object.entries(TRANSITIONS).flatMap(([step, rule]) => rule.from.map((from) => `${from}:${step}`))
    expect(pairs).toHaveLength(8)
    // An area admin stands on both sides, so sees every allowed step.
    const seen = SERVICE_STATUSES.flatMap((status) => allowedSteps(service(status), ADMIN).map((step) => `${status}:${step}`))
    expect(seen.sort()).toEqual(pairs.sort())
  })
})

describe('need actions', () => {
  it('edits pending needs, closes only open ones, proposes for pending ones', () => {
    expect(needActionsOf(need(), ADMIN)).toEqual({ edit: true, close: true, propose: true })
    expect(needActionsOf(need({ status: 'matched' }), ADMIN)).toEqual({ edit: true, close: false, propose: true })
    expect(needActionsOf(need({ status: 'done' }), ADMIN)).toEqual({ edit: false, close: false, propose: false })
    expect(needActionsOf(need({ status: 'closed_unfulfilled' }), GRID_WORKER)).toEqual({ edit: false, close: false, propose: false })
    expect(needActionsOf(need(), HOSPITAL_CONTACT)).toEqual({ edit: false, close: false, propose: false })
    expect(NEED_STATUSES.filter(isPending)).toEqual(['open', 'matched', 'in_service'])
  })

  it('creates with blanks as null and patches only what changed', () => {
    const form = { ...emptyNeedForm(6), category: 'care' as const, title: ' 独居老人助餐 ', beneficiaries: ' ' }
    expect(needCreateBody({ ...form, area_id: 6 })).toEqual({
      area_id: 6, category: 'care', title: '独居老人助餐', description: null,
      beneficiary_count: null, beneficiaries: null, urgency: 'normal', wanted_by: null,
    })
    const before = need()
    expect(needUpdateBody(before, needFormOf(before))).toEqual({})
    const edited = { ...needFormOf(before), urgency: 'urgent' as const, wanted_by: '', beneficiary_count: undefined }
    expect(needUpdateBody(before, edited)).toEqual({ urgency: 'urgent', wanted_by: null, beneficiary_count: null })
  })
})

describe('resources', () => {
  it('lets staff edit any resource in reach and a unit contact only their own unit’s', () => {
    expect(canEditResource(resource(), ADMIN)).toBe(true)
    expect(canEditResource(resource(), HOSPITAL_CONTACT)).toBe(true)
    expect(canEditResource(resource(), SCHOOL_CONTACT)).toBe(false)
    expect(canEditResource(resource(), GRID_WORKER)).toBe(false)
  })

  it('shows what remains in the resource’s measure, funds in yuan', () => {
    setLocale('zh-CN')
    expect(quantityText(resource())).toBe('剩 3 名医生 / 共 5 名医生')
    expect(quantityText(resource({ quantity: null, remaining: null }))).toBe('不限')
    expect(quantityText(resource({ category: 'funds', measure: '分', quantity: 2_000_000, remaining: 1_500_000 }))).toBe(
      '剩 ¥15,000.00 / 共 ¥20,000.00',
    )
    expect(yuanText(1)).toBe('¥0.01')
    expect(isUsedUp(resource({ remaining: 0 }))).toBe(true)
    expect(isUsedUp(resource({ quantity: null, remaining: null }))).toBe(false)
  })

  it('describes availability in words', () => {
    setLocale('zh-CN')
    expect(availabilityText({ always: true })).toBe('长期可用')
    expect(
      availabilityText({
        always: false,
        date_ranges: [{ from: '2026-05-01', to: '2026-06-30' }],
        weekly: [{ weekday: 3, from: '09:00', to: '11:30' }],
      }),
    ).toBe('2026-05-01 至 2026-06-30；每周三 09:00–11:30')
  })

  it('refuses availability the server would refuse', () => {
    const base = { always: false, ranges: [], slots: [] }
    expect(availabilityProblem({ ...base, always: true })).toBeNull()
    expect(availabilityProblem(base)).toBe('resources.rule.availabilityRequired')
    expect(availabilityProblem({ ...base, ranges: [{ days: null }] })).toBe('resources.rule.rangeIncomplete')
    expect(availabilityProblem({ ...base, slots: [{ weekday: 1, from: '10:00', to: '09:30' }] })).toBe(
      'resources.rule.slotEndsBeforeStart',
    )
    expect(availabilityProblem({ ...base, slots: [{ weekday: 1, from: '09:00', to: '11:30' }] })).toBeNull()
  })

  it('sends funds in fen, no unit for a unit contact, and the availability whole', () => {
    const form = {
      ...emptyResourceForm(),
      unit_id: 1,
      category: 'funds' as const,
      title: '困难家庭慰问金',
      quantity: 200.5,
      always: false,
      slots: [{ weekday: 5, from: '14:00', to: '17:00' }],
    }
    const own = resourceCreateBody(form, true)
    expect(own).not.toHaveProperty('unit_id')
    expect(own).toMatchObject({
      quantity: 20050,
      measure: '分',
      availability: { always: false, date_ranges: [], weekly: [{ weekday: 5, from: '14:00', to: '17:00' }] },
      status: 'available',
      shelf: false,
    })
    expect(resourceCreateBody({ ...form, unlimited: true }, false)).toMatchObject({ unit_id: 1, quantity: null, measure: null })
  })

  it('patches only what changed', () => {
    const before = resource()
    expect(resourceUpdateBody(before, resourceFormOf(before))).toEqual({})
    const form = { ...resourceFormOf(before), quantity: 8, shelf: false, always: false, ranges: [{ days: ['2026-12-01', '2026-12-31'] as [string, string] }] }
    expect(resourceUpdateBody(before, form)).toEqual({
      quantity: 8,
      shelf: false,
      availability: { always: false, date_ranges: [{ from: '2026-12-01', to: '2026-12-31' }], weekly: [] },
    })
    const funds = resource({ category: 'funds', measure: '分', quantity: 10000, remaining: 10000 })
    expect(resourceFormOf(funds).quantity).toBe(100)
    expect(resourceUpdateBody(funds, resourceFormOf(funds))).toEqual({})
  })
})

describe('service forms', () => {
  it('orders a shelf item within what remains, not for a past day', () => {
    expect(maxQuantity(resource())).toBe(3)
    expect(maxQuantity(resource({ quantity: null, remaining: null }))).toBe(2_000_000_000)
    expect(isPastDay('2026-11-24', '2026-11-25')).toBe(true)
    expect(isPastDay('2026-11-25', '2026-11-25')).toBe(false)
    expect(isPastDay('', '2026-11-25')).toBe(false)
    expect(orderBody(resource(), { area_id: 6, quantity: 2, wanted_by: '', note: ' 下午三点 ' })).toEqual({
      resource_id: 31, area_id: 6, quantity: 2, wanted_by: null, note: '下午三点',
    })
    expect(proposalBody(12, 31)).toEqual({ need_id: 12, resource_id: 31, quantity: 1 })
  })

  it('checks photo addresses line by line', () => {
    expect(badPhotoLine('')).toBe(0)
    expect(badPhotoLine('https://img.example/a.jpg\n\nhttp://img.example/b.jpg')).toBe(0)
    expect(badPhotoLine('https://img.example/a.jpg\nftp://img.example/b.jpg')).toBe(2)
    expect(badPhotoLine('https://img.example/a b.jpg')).toBe(1)
    expect(deliverBody({ ...emptyDelivery('2026-11-25'), participants: 3, photos: ' https://img.example/a.jpg \n' })).toEqual({
      delivered_on: '2026-11-25', participants: 3, beneficiaries_reached: null, notes: null,
      photo_urls: ['https://img.example/a.jpg'],
    })
  })

  it('rates with one to five whole stars', () => {
    expect([0, 1, 5, 6, 2.5].map(validScore)).toEqual([false, true, true, false, false])
    expect(rateBody({ score: 5, comment: '  ' })).toEqual({ score: 5, comment: null })
  })
})

describe('the supermarket shelf and the matches', () => {
  it('groups shelf items by category in display order', () => {
    const items = [
      resource({ id: 1, category: 'goods' }),
      resource({ id: 2, category: 'volunteer_service' }),
      resource({ id: 3, category: 'goods' }),
    ]
    expect(groupByCategory(items).map((g) => [g.category, g.items.map((i) => i.id)])).toEqual([
      ['volunteer_service', [2]],
      ['goods', [1, 3]],
    ])
  })

  it('shows the reasons strongest first, full marks in green, none in grey', () => {
    const reasons = [
      { factor: 'agreement' as const, points: 0, text: '尚无有效共建协议' },
      { factor: 'closeness' as const, points: 18, text: '同一社区' },
      { factor: 'category' as const, points: 25, text: '类别完全匹配' },
    ]
    expect(shownReasons(reasons).map((r) => r.text)).toEqual(['类别完全匹配', '同一社区', '尚无有效共建协议'])
    expect(reasonTagType(reasons[2]!)).toBe('success')
    expect(reasonTagType(reasons[1]!)).toBe('primary')
    expect(reasonTagType(reasons[0]!)).toBe('info')
  })
})
