import { describe, expect, it } from 'vitest'
import { POLITICAL_STATUSES, VOLUNTEER_STATUSES } from '@/api/types'
import zhCN from '@/locales/zh-CN'
import { idNumberState, normalizeIdNumber } from '@/utils/idNumber'
import { MOBILE_PATTERN } from '@/utils/phone'
import { createBody, emptyForm, formOf, updateBody } from '@/views/volunteers/volunteerForm'
import { VOLUNTEER_FILTERS, volunteerActionsOf } from '@/views/volunteers/volunteerList'
import { volunteer } from './volunteerFixtures'

const NOW = new Date(2026, 10, 25)

describe('identity numbers (GB 11643-1999)', () => {
  it('accepts a number with a right check character, a lower-case x taken as X', () => {
    expect(idNumberState('11010519491231002X', NOW)).toBe('valid')
    expect(idNumberState(' 11010519491231002x ', NOW)).toBe('valid')
    expect(normalizeIdNumber(' 11010519491231002x ')).toBe('11010519491231002X')
  })

  it('says what is wrong: length, characters, birth date, check character', () => {
    expect(idNumberState('', NOW)).toBe('empty')
    expect(idNumberState('1101051949123100', NOW)).toBe('length')
    expect(idNumberState('1101051949123100A2', NOW)).toBe('format')
    expect(idNumberState('110105194902300021', NOW)).toBe('date')
    expect(idNumberState('110105189912310021', NOW)).toBe('date')
    expect(idNumberState('110105203012310021', NOW)).toBe('date')
    expect(idNumberState('110105194912310021', NOW)).toBe('check')
  })

  it('takes mainland mobile numbers only for volunteers', () => {
    expect(MOBILE_PATTERN.test('13904830042')).toBe(true)
    expect(MOBILE_PATTERN.test('0483-6021234')).toBe(false)
    expect(MOBILE_PATTERN.test('12904830042')).toBe(false)
  })
})

describe('the volunteer form', () => {
  it('sends a new volunteer trimmed, the number upper-cased, a picked unit instead of a typed name', () => {
    const form = {
      ...emptyForm(6), name: ' 李强 ', phone: '13904830043', id_number: '11010519491231002x',
      political_status: 'league_member' as const, area_id: 6, work_unit_id: 1, work_unit_name: '某公司',
      skills: [' 摄影 ', '摄影', ''],
    }
    expect(createBody(form)).toEqual({
      name: '李强', phone: '13904830043', id_number: '11010519491231002X', political_status: 'league_member',
      in_service: false, work_unit_id: 1, work_unit_name: null, area_id: 6, skills: ['摄影'],
    })
    expect(createBody({ ...form, id_number: '  ', work_unit_id: undefined }).id_number).toBeNull()
    expect(createBody({ ...form, work_unit_id: undefined })).toMatchObject({ work_unit_id: null, work_unit_name: '某公司' })
  })

  it('edits: a blank identity number keeps the one on file, only changes are sent', () => {
    const v = volunteer()
    const form = formOf(v)
    expect(form.id_number).toBe('')
    expect(updateBody(v, form)).toEqual({})
    form.skills = ['医疗护理']
    form.active = false
    expect(updateBody(v, form)).toEqual({ skills: ['医疗护理'], status: 'inactive' })
    form.id_number = '11010519491231002x'
    expect(updateBody(v, form).id_number).toBe('11010519491231002X')
  })

  it('never sends a status for a pending registration (that is approve or reject)', () => {
    const v = volunteer({ status: 'pending' })
    const form = formOf(v)
    form.active = false
    expect(updateBody(v, form)).toEqual({})
  })
})

describe('the volunteer list', () => {
  it('offers approve and reject for pending volunteers only, the reveal with its permission only', () => {
    const staff = ['volunteers.read', 'volunteers.write']
    expect(volunteerActionsOf(volunteer({ status: 'pending' }), staff)).toEqual({ edit: true, decide: true, reveal: false, issue: false })
    expect(volunteerActionsOf(volunteer(), staff)).toEqual({ edit: true, decide: false, reveal: false, issue: false })
    expect(volunteerActionsOf(volunteer(), [...staff, 'volunteers.reveal_id']).reveal).toBe(true)
    expect(volunteerActionsOf(volunteer({ id_number: null }), [...staff, 'volunteers.reveal_id']).reveal).toBe(false)
    expect(volunteerActionsOf(volunteer({ status: 'pending' }), ['volunteers.read'])).toEqual({ edit: false, decide: false, reveal: false, issue: false })
  })

  it('offers a certificate to issuers, for volunteers who have been accepted', () => {
    const issuer = ['volunteers.read', 'certificates.issue']
    expect(volunteerActionsOf(volunteer(), issuer).issue).toBe(true)
    expect(volunteerActionsOf(volunteer({ status: 'inactive' }), issuer).issue).toBe(true)
    expect(volunteerActionsOf(volunteer({ status: 'pending' }), issuer).issue).toBe(false)
    expect(volunteerActionsOf(volunteer({ status: 'rejected' }), issuer).issue).toBe(false)
    expect(volunteerActionsOf(volunteer(), ['volunteers.read', 'records.read']).issue).toBe(false)
  })

  it('reads its filters from the URL', () => {
    expect(VOLUNTEER_FILTERS.political_status('party_member')).toBe('party_member')
    expect(VOLUNTEER_FILTERS.political_status('member')).toBeUndefined()
    expect(VOLUNTEER_FILTERS.in_service('true')).toBe(true)
  })

  it('names every political status and volunteer status in Chinese', () => {
    expect(POLITICAL_STATUSES.map((s) => zhCN.enums.politicalStatus[s])).toEqual(['中共党员', '中共预备党员', '共青团员', '群众'])
    expect(VOLUNTEER_STATUSES.map((s) => zhCN.enums.volunteerStatus[s])).toEqual(['待审核', '在册', '已驳回', '已停用'])
  })
})
