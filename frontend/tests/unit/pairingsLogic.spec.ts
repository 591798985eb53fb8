import { describe, expect, it } from 'vitest'
import { createBody, emptyPairing, formOf, helperId, updateBody, validInterval } from '@/views/pairings/pairingForm'
import { dueState, OVERDUE_FILTERS, overdueDays, pairingActionsOf } from '@/views/pairings/pairingList'
import { pairing, ROLE_PERMISSIONS } from './assistanceFixtures'

describe('overdue visits', () => {
  it('counts whole days late, none on the due day or before it', () => {
    expect(overdueDays('2026-11-20', '2026-11-25')).toBe(5)
    expect(overdueDays('2026-11-25', '2026-11-25')).toBe(0)
    expect(overdueDays('2026-11-30', '2026-11-25')).toBe(0)
    expect(overdueDays('2026-02-27', '2026-03-02')).toBe(3)
    expect(overdueDays('2025-12-31', '2026-01-01')).toBe(1)
    expect(overdueDays('not a day', '2026-01-01')).toBe(0)
  })

  it('tells ended, overdue, due today and due later apart', () => {
    expect(dueState(pairing({ status: 'ended', due_on: '2026-01-01' }), '2026-11-25')).toEqual({ kind: 'ended' })
    expect(dueState(pairing({ due_on: '2026-11-01' }), '2026-11-25')).toEqual({ kind: 'overdue', days: 24 })
    expect(dueState(pairing({ due_on: '2026-11-25' }), '2026-11-25')).toEqual({ kind: 'due', days: 0 })
    expect(dueState(pairing({ due_on: '2026-12-05' }), '2026-11-25')).toEqual({ kind: 'due', days: 10 })
  })

  it('reads the area filter from the URL', () => {
    expect(OVERDUE_FILTERS.area_id('6')).toBe(6)
    expect(OVERDUE_FILTERS.area_id('x')).toBeUndefined()
  })
})

describe('what each role may do with a pairing', () => {
  it('lets community admins change and end it, grid workers and helpers record visits', () => {
    expect(pairingActionsOf(pairing(), ROLE_PERMISSIONS.area_admin)).toEqual({ edit: true, end: true, visit: true })
    expect(pairingActionsOf(pairing(), ROLE_PERMISSIONS.grid_worker)).toEqual({ edit: false, end: false, visit: true })
    expect(pairingActionsOf(pairing(), ROLE_PERMISSIONS.unit_contact)).toEqual({ edit: false, end: false, visit: true })
    expect(pairingActionsOf(pairing(), ROLE_PERMISSIONS.volunteer)).toEqual({ edit: false, end: false, visit: true })
    expect(pairingActionsOf(pairing(), ['households.read'])).toEqual({ edit: false, end: false, visit: false })
  })

  it('offers nothing on an ended pairing', () => {
    expect(pairingActionsOf(pairing({ status: 'ended' }), ROLE_PERMISSIONS.admin)).toEqual({ edit: false, end: false, visit: false })
  })
})

describe('the pairing editor', () => {
  it('sends exactly one helper, the one of the kind chosen', () => {
    const form = { ...emptyPairing('2026-11-25'), unit_id: 1, volunteer_id: 42, plan: ' 每月一次 ' }
    expect(createBody(7, form)).toEqual({
      household_id: 7, unit_id: 1, volunteer_id: null, starts_on: '2026-11-25', visit_interval_days: 30, plan: '每月一次', goals: null,
    })
    expect(createBody(7, { ...form, helper_kind: 'volunteer' })).toMatchObject({ unit_id: null, volunteer_id: 42 })
    expect(helperId({ ...form, helper_kind: 'volunteer', volunteer_id: undefined })).toBeUndefined()
  })

  it('edits plan, goals and interval only, and only what changed', () => {
    const p = pairing()
    const form = formOf(p)
    expect(form).toMatchObject({ helper_kind: 'unit', unit_id: 1, volunteer_id: undefined })
    expect(updateBody(p, form)).toEqual({})
    form.visit_interval_days = 14
    form.plan = ''
    form.goals = '年底前稳定就业'
    expect(updateBody(p, form)).toEqual({ visit_interval_days: 14, plan: null, goals: '年底前稳定就业' })
  })

  it('takes an interval of 1 to 366 whole days', () => {
    expect(validInterval(1)).toBe(true)
    expect(validInterval(366)).toBe(true)
    expect(validInterval(0)).toBe(false)
    expect(validInterval(367)).toBe(false)
    expect(validInterval(7.5)).toBe(false)
    expect(validInterval(undefined)).toBe(false)
  })
})
