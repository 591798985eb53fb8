import { beforeEach, describe, expect, it } from 'vitest'
import { PERMISSIONS, type Permission } from '@/api/types'
import { verifyPath } from '@/api/certificates'
import { recordExportPath } from '@/api/records'
import { setLocale } from '@/locales'
import zhEnums from '@/locales/zh-CN/enums'
import enEnums from '@/locales/en/enums'
import { chineseDate, defaultPeriod, issueBody } from '@/views/certificates/certificateForm'
import { adjustBody, createBody, durationProblem, emptyRecord, fromMinutes, toMinutes } from '@/views/records/recordForms'
import { asDay, corrected, effectiveMinutes, hoursText, recordActionsOf, signedMinutes } from '@/views/records/recordList'
import { readTotalsQuery, shareOf, totalsQuery } from '@/views/records/recordTotals'
import { minutesByVolunteer } from '@/views/volunteers/volunteerHours'
import { record } from './recordFixtures'

describe('service records', () => {
  beforeEach(() => setLocale('zh-CN'))

  it('reads hours as people do, and signs an adjustment’s change', () => {
    expect(hoursText(180)).toBe('3 小时')
    expect(hoursText(90)).toBe('1.5 小时')
    expect(hoursText(20)).toBe('0.33 小时')
    expect(hoursText(-30)).toBe('-0.5 小时')
    expect(signedMinutes(-45)).toBe('-45 分钟')
    expect(signedMinutes(30)).toBe('+30 分钟')
  })

  it('corrects originals only, and only for organisers', () => {
    expect(recordActionsOf(record(), ['records.read', 'projects.write']).adjust).toBe(true)
    expect(recordActionsOf(record(), ['records.read']).adjust).toBe(false)
    expect(recordActionsOf(record({ kind: 'adjustment', corrects_id: 7 }), ['projects.write']).adjust).toBe(false)
  })

  it('counts an original after its corrections', () => {
    expect(effectiveMinutes(record({ minutes: 180, effective_minutes: 150 }))).toBe(150)
    expect(effectiveMinutes(record({ minutes: 180, effective_minutes: null }))).toBe(180)
    expect(corrected(record({ minutes: 180, effective_minutes: 150 }))).toBe(true)
    expect(corrected(record({ minutes: 180, effective_minutes: 180 }))).toBe(false)
    expect(corrected(record({ kind: 'adjustment', minutes: -30, effective_minutes: null }))).toBe(false)
  })

  it('turns hours and minutes into what the API takes, within a day', () => {
    expect(toMinutes({ hours: 2, minutes: 30 })).toBe(150)
    expect(fromMinutes(150)).toEqual({ hours: 2, minutes: 30 })
    expect(durationProblem({ hours: 0, minutes: 0 }, false)).toBe('empty')
    expect(durationProblem({ hours: 0, minutes: 0 }, true)).toBeNull()
    expect(durationProblem({ hours: 24, minutes: 5 }, true)).toBe('tooLong')
    expect(adjustBody({ hours: 2, minutes: 15, reason: ' 签退登记错误 ' })).toEqual({ corrected_minutes: 135, reason: '签退登记错误' })
    const form = { ...emptyRecord('2026-05-03', 42, 3), hours: 1, minutes: 45 }
    expect(createBody(form)).toEqual({ volunteer_id: 42, project_id: 3, service_date: '2026-05-03', minutes: 105, content: null })
  })

  it('keeps only real days from the URL, and exports with the list’s filters', () => {
    expect(asDay('2026-05-01')).toBe('2026-05-01')
    expect(asDay('May 1')).toBeUndefined()
    expect(recordExportPath({ volunteer_id: 42, kind: 'adjustment', sort: '-service_date', from: undefined })).toBe(
      '/api/v1/service-records/export?volunteer_id=42&kind=adjustment&sort=-service_date',
    )
  })

  it('reads the totals page from the URL and asks for many groups only where there are many', () => {
    expect(readTotalsQuery({})).toEqual({ group_by: 'volunteer', from: undefined, to: undefined, area_id: undefined })
    const month = readTotalsQuery({ group_by: 'month', from: '2026-01-01', to: '2026-06-30', area_id: '6' })
    expect(month).toEqual({ group_by: 'month', from: '2026-01-01', to: '2026-06-30', area_id: 6 })
    expect(readTotalsQuery({ group_by: 'weekday', from: '2026-01-01' })).toMatchObject({ group_by: 'volunteer', from: undefined })
    expect(totalsQuery(month).limit).toBeUndefined()
    expect(totalsQuery({ ...month, group_by: 'unit' }).limit).toBe(1000)
    expect(shareOf(90, 360)).toBe(25)
    expect(shareOf(1, 3)).toBe(33.3)
    expect(shareOf(5, 0)).toBe(0)
  })

  it('knows a volunteer without a row has no hours, unless the answer was cut', () => {
    const whole = minutesByVolunteer({
      group_by: 'volunteer', groups: 1, minutes: 120, hours: 2, records: 1,
      items: [{ id: 42, label: '王芳 V2026000042', minutes: 120, hours: 2, records: 1 }],
    })
    expect(whole(42)).toBe(120)
    expect(whole(43)).toBe(0)
    const cut = minutesByVolunteer({
      group_by: 'volunteer', groups: 1500, minutes: 120, hours: 2, records: 1,
      items: [{ id: 42, label: '王芳 V2026000042', minutes: 120, hours: 2, records: 1 }],
    })
    expect(cut(43)).toBeUndefined()
  })
})

describe('certificates', () => {
  it('counts this year up to today by default, and writes dates the Chinese way', () => {
    expect(defaultPeriod('2026-05-20')).toEqual(['2026-01-01', '2026-05-20'])
    expect(issueBody(42, ['2026-01-01', '2026-05-20'])).toEqual({ volunteer_id: 42, from: '2026-01-01', to: '2026-05-20' })
    expect(chineseDate('2026-05-01')).toBe('2026年5月1日')
    expect(chineseDate('2026-12-31')).toBe('2026年12月31日')
  })

  it('prints the public check’s path with the number and code', () => {
    expect(verifyPath('C2026000005', 'K7M2Q9XA')).toBe('/api/v1/certificates/C2026000005/verify?code=K7M2Q9XA')
  })
})

describe('permission labels', () => {
  it('lists every permission of the generated schema (the compiler checks this line)', () => {
    type Missing = Exclude<Permission, (typeof PERMISSIONS)[number]>
    const complete: [Missing] extends [never] ? true : false = true
    expect(complete).toBe(true)
    expect(PERMISSIONS).toContain('records.read')
    expect(PERMISSIONS).toContain('certificates.issue')
    expect(PERMISSIONS).toContain('enrollments.read')
  })

  it('labels every permission in both languages', () => {
    for (const permission of PERMISSIONS) {
      const key = permission.replace('.', '_') as keyof typeof zhEnums.permission
      expect(zhEnums.permission[key], permission).toBeTruthy()
      expect(enEnums.permission[key], permission).toBeTruthy()
    }
  })
})
