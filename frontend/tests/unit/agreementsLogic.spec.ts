import { describe, expect, it } from 'vitest'
import type { Agreement } from '@/api/types'
import { addDays, addYears, daysBetween, today } from '@/utils/date'
import { actionsOf, daysLeft, isExpiringSoon } from '@/views/agreements/agreementList'
import { createBody, emptyForm, endsBeforeStart, formOf, updateBody } from '@/views/agreements/agreementForm'

function agreement(overrides: Partial<Agreement> = {}): Agreement {
  return {
    id: 9,
    unit: { id: 1, name: '阿拉善右旗人民医院', credit_code: '121529224600100234' },
    community: { id: 4, code: '152922100001', name: '巴丹吉林社区' },
    starts_on: '2026-01-01',
    ends_on: '2026-12-31',
    signed_on: null,
    unit_duties: '义诊',
    community_duties: null,
    members: [{ name: '张医生', post: '院党委委员', phone: null }],
    status: 'active',
    version: 2,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    ...overrides,
  }
}

describe('calendar days', () => {
  it('adds and counts days across months and leap years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29')
    expect(daysBetween('2026-12-01', '2026-12-31')).toBe(30)
    expect(daysBetween('2026-12-31', '2026-12-01')).toBe(-30)
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28')
    expect(today(new Date(2026, 10, 25, 23, 59))).toBe('2026-11-25')
  })
})

describe('expiring soon (即将到期)', () => {
  const day = '2026-12-01'

  it('is an active agreement ending within 30 days, today included', () => {
    expect(isExpiringSoon(agreement({ ends_on: '2026-12-01' }), day)).toBe(true)
    expect(isExpiringSoon(agreement({ ends_on: '2026-12-31' }), day)).toBe(true)
    expect(isExpiringSoon(agreement({ ends_on: '2027-01-01' }), day)).toBe(false)
    expect(daysLeft(agreement({ ends_on: '2026-12-16' }), day)).toBe(15)
  })

  it('is never a draft, an expired or a terminated one', () => {
    expect(isExpiringSoon(agreement({ status: 'draft', ends_on: '2026-12-10' }), day)).toBe(false)
    expect(isExpiringSoon(agreement({ status: 'terminated', ends_on: '2026-12-10' }), day)).toBe(false)
    expect(isExpiringSoon(agreement({ status: 'expired', ends_on: '2026-11-30' }), day)).toBe(false)
  })
})

describe('agreement actions by state', () => {
  it('edits and activates drafts, terminates active ones, renews active and expired ones', () => {
    expect(actionsOf({ status: 'draft' })).toEqual({ edit: true, activate: true, terminate: false, renew: false })
    expect(actionsOf({ status: 'active' })).toEqual({ edit: false, activate: false, terminate: true, renew: true })
    expect(actionsOf({ status: 'expired' })).toEqual({ edit: false, activate: false, terminate: false, renew: true })
    expect(actionsOf({ status: 'terminated' })).toEqual({ edit: false, activate: false, terminate: false, renew: false })
  })
})

describe('agreement form', () => {
  it('refuses a term ending before it starts; a one-day term is fine', () => {
    expect(endsBeforeStart('2026-05-02', '2026-05-01')).toBe(true)
    expect(endsBeforeStart('2026-05-01', '2026-05-01')).toBe(false)
    expect(endsBeforeStart('', '2026-05-01')).toBe(false)
  })

  it('creates with members trimmed and blanks as null', () => {
    const form = {
      ...emptyForm(),
      unit_id: 1,
      community_id: 4,
      starts_on: '2026-01-01',
      ends_on: '2026-12-31',
      members: [{ name: ' 张医生 ', post: '', phone: '13904830001' }],
    }
    expect(createBody(form)).toEqual({
      unit_id: 1,
      community_id: 4,
      starts_on: '2026-01-01',
      ends_on: '2026-12-31',
      signed_on: null,
      unit_duties: null,
      community_duties: null,
      members: [{ name: '张医生', post: null, phone: '13904830001' }],
    })
  })

  it('patches only what changed, and the members as a whole', () => {
    const draft = agreement({ status: 'draft' })
    expect(updateBody(draft, formOf(draft))).toEqual({})
    const form = formOf(draft)
    form.ends_on = '2027-06-30'
    form.members.push({ name: '李委员', post: '', phone: '' })
    expect(updateBody(draft, form)).toEqual({
      ends_on: '2027-06-30',
      members: [
        { name: '张医生', post: '院党委委员', phone: null },
        { name: '李委员', post: null, phone: null },
      ],
    })
  })
})
