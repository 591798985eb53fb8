import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { Shift } from '@/api/types'
import { i18n, setLocale } from '@/locales'
import { useAuthStore } from '@/stores/auth'
import { confirmAction } from '@/composables/confirmAction'
import ProjectShifts from '@/views/projects/ProjectShifts.vue'
import ShiftFormDialog from '@/views/projects/ShiftFormDialog.vue'
import { hasEnded, hasSignUps, removeShift, shiftActionsOf } from '@/views/projects/shiftActions'
import {
  createShiftBody,
  endDayAllowed,
  instantOf,
  localTime,
  placesMin,
  shiftFormOf,
  suggestedEnd,
  updateShiftBody,
  windowProblem,
} from '@/views/projects/shiftForm'
import { fakeApi, json, me, problem, wait } from './helpers'
import { project } from './projectFixtures'

vi.mock('@/composables/confirmAction', () => ({ confirmAction: vi.fn(async () => true) }))

/** An instant from a time in the browser's zone, as the API sends it. */
const at = (y: number, m: number, d: number, h: number, min = 0, s = 0) => new Date(y, m - 1, d, h, min, s).toISOString()

/** Days from now at a given hour, in the browser's zone: shifts that are not over yet. */
function ahead(days: number, hour: number): string {
  const date = new Date()
  date.setDate(date.getDate() + days)
  date.setHours(hour, 0, 0, 0)
  return date.toISOString()
}

function shift(overrides: Partial<Shift> = {}): Shift {
  return {
    id: 9, project_id: 3, starts_at: at(2026, 5, 1, 8), ends_at: at(2026, 5, 1, 12),
    places: 3, taken: 0, places_left: 3, waitlisted: 0, version: 3, ...overrides,
  }
}

function item(label: string): Element | undefined {
  return [...document.querySelectorAll('.el-form-item')].find(
    (el) => el.querySelector('.el-form-item__label')?.textContent?.trim() === label,
  )
}

function errorOf(label: string): string | undefined {
  return item(label)?.querySelector('.el-form-item__error')?.textContent?.trim()
}

async function submitForm(): Promise<void> {
  document.querySelector('form')?.dispatchEvent(new Event('submit', { cancelable: true }))
  await flushPromises()
  await wait(150)
  await flushPromises()
}

describe('the shift form', () => {
  it('reads and writes times in the browser’s zone, to the minute', () => {
    const starts = at(2026, 5, 1, 8)
    expect(localTime(starts)).toBe('2026-05-01 08:00')
    expect(instantOf('2026-05-01 08:00')).toBe(starts)
    expect(instantOf('2026-05-01')).toBeNull()
    expect(instantOf('')).toBeNull()
  })

  it('wants the end after the start and at most 24 hours later, as the server does', () => {
    expect(windowProblem('2026-05-01 08:00', '2026-05-01 12:00')).toBeNull()
    expect(windowProblem('2026-05-01 08:00', '2026-05-01 08:00')).toBe('endsBeforeStart')
    expect(windowProblem('2026-05-01 08:00', '2026-05-01 07:30')).toBe('endsBeforeStart')
    expect(windowProblem('2026-05-01 20:00', '2026-05-02 20:00')).toBeNull()
    expect(windowProblem('2026-05-01 20:00', '2026-05-02 20:01')).toBe('tooLong')
    expect(windowProblem('', '2026-05-02 20:00')).toBeNull()
  })

  it('suggests an end four hours on, and offers the start’s day and the next for it', () => {
    expect(suggestedEnd('2026-05-01 08:00')).toBe('2026-05-01 12:00')
    expect(suggestedEnd('2026-05-01 22:30')).toBe('2026-05-02 02:30')
    expect(suggestedEnd('')).toBe('')
    expect(endDayAllowed('2026-05-31 22:00', new Date(2026, 4, 31))).toBe(true)
    expect(endDayAllowed('2026-05-31 22:00', new Date(2026, 5, 1))).toBe(true)
    expect(endDayAllowed('2026-05-31 22:00', new Date(2026, 5, 2))).toBe(false)
    expect(endDayAllowed('2026-05-31 22:00', new Date(2026, 4, 30))).toBe(false)
    expect(endDayAllowed('', new Date(2026, 4, 30))).toBe(true)
  })

  it('sends instants on creation, and on an edit only what changed', () => {
    expect(createShiftBody({ starts_at: '2026-05-01 08:00', ends_at: '2026-05-01 12:00', places: 4 })).toEqual({
      starts_at: at(2026, 5, 1, 8), ends_at: at(2026, 5, 1, 12), places: 4,
    })
    expect(createShiftBody({ starts_at: '', ends_at: '2026-05-01 12:00', places: 4 })).toBeNull()

    // Made through the API with seconds: saving its places must not move it.
    const s = shift({ starts_at: at(2026, 5, 1, 8, 0, 30), ends_at: at(2026, 5, 1, 12, 0, 30) })
    const form = shiftFormOf(s)
    expect(form).toEqual({ starts_at: '2026-05-01 08:00', ends_at: '2026-05-01 12:00', places: 3 })
    expect(updateShiftBody(s, form)).toEqual({})
    expect(updateShiftBody(s, { ...form, places: 5 })).toEqual({ places: 5 })
    expect(updateShiftBody(s, { ...form, ends_at: '2026-05-01 13:00' })).toEqual({ ends_at: at(2026, 5, 1, 13) })
  })

  it('never goes below the places taken', () => {
    expect(placesMin(undefined)).toBe(1)
    expect(placesMin(shift())).toBe(1)
    expect(placesMin(shift({ taken: 4 }))).toBe(4)
  })
})

describe('what can be done to a shift', () => {
  const now = new Date(2026, 4, 1, 10)

  it('edits a shift not over yet; deletes it only while nobody is signed up', () => {
    expect(shiftActionsOf(shift({ starts_at: at(2026, 5, 2, 8), ends_at: at(2026, 5, 2, 12) }), true, now)).toEqual({ edit: true, remove: true })
    expect(shiftActionsOf(shift(), true, now)).toEqual({ edit: true, remove: true })
    expect(shiftActionsOf(shift({ taken: 1 }), true, now)).toEqual({ edit: true, remove: false })
    expect(shiftActionsOf(shift({ waitlisted: 1 }), true, now)).toEqual({ edit: true, remove: false })
    expect(shiftActionsOf(shift({ ends_at: at(2026, 5, 1, 10) }), true, now)).toEqual({ edit: false, remove: false })
    expect(shiftActionsOf(shift(), false, now)).toEqual({ edit: false, remove: false })
    expect(hasEnded(shift(), new Date(2026, 4, 1, 12))).toBe(true)
    expect(hasSignUps(shift({ taken: 0, waitlisted: 0 }))).toBe(false)
  })
})

describe('the shift dialog and the shift actions', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setLocale('zh-CN')
    vi.stubGlobal('ASYNC_VALIDATOR_NO_WARNING', 1)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  function mountDialog(props: { shift?: Shift } = {}) {
    return mount(ShiftFormDialog, {
      props: { modelValue: true, project: project({ status: 'recruiting' }), ...props },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
  }

  it('adds a shift: the end follows the start, and the times go out as instants', async () => {
    const made = shift({ id: 12 })
    const seen = fakeApi([json(made, 201)])
    const wrapper = mountDialog()
    await flushPromises()
    expect(document.querySelector('.el-dialog__title')?.textContent).toBe('添加班次')
    const pickers = wrapper.findAllComponents({ name: 'ElDatePicker' })
    pickers[0]?.vm.$emit('update:modelValue', '2026-05-01 08:00')
    wrapper.findComponent({ name: 'Picker' }).vm.$emit('change', '2026-05-01 08:00')
    await flushPromises()
    expect(pickers[1]?.props('modelValue')).toBe('2026-05-01 12:00')

    await submitForm()
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/volunteer-projects/3/shifts' })
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ starts_at: at(2026, 5, 1, 8), ends_at: at(2026, 5, 1, 12), places: 5 })
    expect(wrapper.emitted('saved')?.[0]).toEqual([made, true])
    wrapper.unmount()
  })

  it('refuses an end before the start or a day later in Chinese, without asking the server', async () => {
    const seen = fakeApi([])
    const wrapper = mountDialog()
    await flushPromises()
    await submitForm()
    expect(errorOf('开始时间')).toBe('请选择开始时间')
    expect(errorOf('结束时间')).toBe('请选择结束时间')

    const pickers = wrapper.findAllComponents({ name: 'ElDatePicker' })
    pickers[0]?.vm.$emit('update:modelValue', '2026-05-01 08:00')
    pickers[1]?.vm.$emit('update:modelValue', '2026-05-01 07:00')
    await flushPromises()
    await submitForm()
    expect(errorOf('结束时间')).toBe('结束时间须晚于开始时间')

    pickers[1]?.vm.$emit('update:modelValue', '2026-05-02 09:00')
    await flushPromises()
    await submitForm()
    expect(errorOf('结束时间')).toBe('一个班次最长 24 小时')
    expect(seen).toHaveLength(0)
    wrapper.unmount()
  })

  it('shows the server’s refusal of a window on the end, in the form’s words', async () => {
    fakeApi([problem(422, 'validation_failed', { errors: [{ field: 'ends_at', code: 'out_of_range', message: 'a shift lasts at most 24 hours' }] })])
    const wrapper = mountDialog()
    await flushPromises()
    const pickers = wrapper.findAllComponents({ name: 'ElDatePicker' })
    pickers[0]?.vm.$emit('update:modelValue', '2026-05-01 08:00')
    pickers[1]?.vm.$emit('update:modelValue', '2026-05-01 12:00')
    await flushPromises()
    await submitForm()
    expect(errorOf('结束时间')).toBe('一个班次最长 24 小时')
    expect(wrapper.emitted('saved')).toBeUndefined()
    wrapper.unmount()
  })

  it('edits a shift with sign-ups: times locked, places at least those taken, only the places sent with its version', async () => {
    const before = shift({ taken: 2, places_left: 1, waitlisted: 1 })
    const seen = fakeApi([json({ ...before, places: 4, taken: 3, places_left: 1, waitlisted: 0, version: 4 })])
    const wrapper = mountDialog({ shift: before })
    await flushPromises()
    expect(document.querySelector('.el-dialog__title')?.textContent).toBe('编辑班次')
    const pickers = wrapper.findAllComponents({ name: 'ElDatePicker' })
    expect(pickers.map((p) => p.props('disabled'))).toEqual([true, true])
    expect(pickers[0]?.props('modelValue')).toBe('2026-05-01 08:00')
    expect(document.querySelector('[data-testid=shift-times-fixed]')?.textContent).toBe('已有志愿者报名，时间不能再改，只能调整名额')
    const places = wrapper.findComponent({ name: 'ElInputNumber' })
    expect(places.props('min')).toBe(2)
    expect(item('名额')?.textContent).toContain('已占用 2 个，不能少于此数')
    expect(item('名额')?.textContent).toContain('1 人候补，增加名额后按顺序补上')

    places.vm.$emit('update:modelValue', 4)
    await flushPromises()
    await submitForm()
    expect(seen[0]).toMatchObject({ method: 'PATCH', url: '/api/v1/shifts/9', ifMatch: '"3"' })
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ places: 4 })
    expect(wrapper.emitted('saved')?.[0]?.[1]).toBe(false)
    wrapper.unmount()
  })

  it('shows `below_taken` on the places', async () => {
    fakeApi([problem(422, 'validation_failed', { errors: [{ field: 'places', code: 'below_taken', message: '3 places are held' }] })])
    const wrapper = mountDialog({ shift: shift({ taken: 2 }) })
    await flushPromises()
    wrapper.findComponent({ name: 'ElInputNumber' }).vm.$emit('update:modelValue', 2)
    await flushPromises()
    await submitForm()
    expect(errorOf('名额')).toBe('名额不能少于已报名占用的名额')
    wrapper.unmount()
  })

  it('on a stale version loads the shift again and keeps the dialog open', async () => {
    const fresh = shift({ places: 6, version: 5 })
    const seen = fakeApi([problem(412, 'precondition_failed'), json(fresh)])
    const wrapper = mountDialog({ shift: shift() })
    await flushPromises()
    wrapper.findComponent({ name: 'ElInputNumber' }).vm.$emit('update:modelValue', 4)
    await flushPromises()
    await submitForm()
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['PATCH /api/v1/shifts/9', 'GET /api/v1/shifts/9'])
    expect(wrapper.findComponent({ name: 'ElInputNumber' }).props('modelValue')).toBe(6)
    expect(wrapper.emitted('stale')).toHaveLength(1)
    expect(wrapper.emitted('saved')).toBeUndefined()
    expect(wrapper.props('modelValue')).toBe(true)
    wrapper.unmount()
  })

  it('when someone signed up meanwhile, says so and locks the times as they are', async () => {
    const seen = fakeApi([problem(409, 'has_sign_ups'), json(shift({ taken: 1, places_left: 2 }))])
    const wrapper = mountDialog({ shift: shift() })
    await flushPromises()
    const pickers = wrapper.findAllComponents({ name: 'ElDatePicker' })
    expect(pickers[0]?.props('disabled')).toBe(false)
    pickers[1]?.vm.$emit('update:modelValue', '2026-05-01 13:00')
    wrapper.findComponent({ name: 'ElInputNumber' }).vm.$emit('update:modelValue', 5)
    await flushPromises()
    await submitForm()
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ ends_at: at(2026, 5, 1, 13), places: 5 })
    expect(document.querySelector('.el-message--error')?.textContent).toContain('该班次已有志愿者报名，不能改时间')
    expect(pickers.map((p) => p.props('disabled'))).toEqual([true, true])
    expect(pickers[1]?.props('modelValue')).toBe('2026-05-01 12:00')
    expect(wrapper.findComponent({ name: 'ElInputNumber' }).props('modelValue')).toBe(5)
    expect(wrapper.emitted('stale')).toHaveLength(1)
    wrapper.unmount()
  })

  it('deletes a shift after asking with its time, with its version; a refusal is shown', async () => {
    const s = shift()
    const seen = fakeApi([new Response(null, { status: 204 }), problem(409, 'still_referenced')])
    expect(await removeShift(s)).toBe('deleted')
    expect(vi.mocked(confirmAction)).toHaveBeenCalledWith('确定删除班次“2026-05-01 08:00–12:00”吗？', expect.objectContaining({ danger: true }))
    expect(seen[0]).toMatchObject({ method: 'DELETE', url: '/api/v1/shifts/9', ifMatch: '"3"' })
    expect(await removeShift(s)).toBe('refused')
    await flushPromises()
    expect(document.querySelector('.el-message--error')?.textContent).toContain('该记录仍被其他数据引用，无法删除')

    vi.mocked(confirmAction).mockResolvedValueOnce(false)
    expect(await removeShift(s)).toBeNull()
    expect(seen).toHaveLength(2)
  })

  it('offers add, edit and delete to organisers of an open project, per shift as it stands', async () => {
    const items = [
      shift({ id: 1, starts_at: at(2026, 5, 1, 8), ends_at: at(2026, 5, 1, 12) }),
      shift({ id: 2, starts_at: ahead(1, 8), ends_at: ahead(1, 12), taken: 1, places_left: 2 }),
      shift({ id: 3, starts_at: ahead(2, 8), ends_at: ahead(2, 12) }),
    ]
    const seen = fakeApi([json({ items }), new Response(null, { status: 204 }), json({ items: items.slice(0, 2) })])
    useAuthStore().$patch({ accessToken: 't', user: me({ permissions: ['projects.read', 'projects.write'] }) })
    const wrapper = mount(ProjectShifts, { props: { project: project({ status: 'recruiting' }) }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    expect(document.querySelector('[data-testid=shifts-add]')?.textContent?.trim()).toBe('添加班次')
    const rows = [...document.querySelectorAll('[data-testid=shift-table] .el-table__body tr')]
    const buttons = rows.map((tr) => [...tr.querySelectorAll('button')].map((b) => b.textContent?.trim()))
    expect(buttons).toEqual([['名单'], ['名单', '编辑'], ['名单', '编辑', '删除']])

    rows[2]?.querySelector<HTMLButtonElement>('[data-testid=shift-delete]')?.click()
    await flushPromises()
    await wait(10)
    await flushPromises()
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /api/v1/volunteer-projects/3/shifts', 'DELETE /api/v1/shifts/3', 'GET /api/v1/volunteer-projects/3/shifts',
    ])
    expect(document.querySelectorAll('[data-testid=shift-table] .el-table__body tr')).toHaveLength(2)
    wrapper.unmount()
    document.body.innerHTML = ''

    fakeApi([json({ items })])
    mount(ProjectShifts, { props: { project: project({ status: 'completed' }) }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    expect(document.querySelector('[data-testid=shifts-add]')).toBeNull()
    expect(document.querySelector('[data-testid=shift-edit]')).toBeNull()
    expect(document.querySelector('[data-testid=shift-delete]')).toBeNull()
  })
})
