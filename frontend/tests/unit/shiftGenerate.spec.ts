import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { i18n, setLocale } from '@/locales'
import { useAuthStore } from '@/stores/auth'
import { confirmAction } from '@/composables/confirmAction'
import ShiftGenerateDialog from '@/views/projects/ShiftGenerateDialog.vue'
import ProjectShifts from '@/views/projects/ProjectShifts.vue'
import { badWindow, dayCount, generateBody, shiftCount, shiftTimeText, windowsOverlap } from '@/views/projects/shiftGenerate'
import { fakeApi, json, me, problem, wait } from './helpers'
import { project } from './projectFixtures'

vi.mock('@/composables/confirmAction', () => ({ confirmAction: vi.fn(async () => true) }))

function shift(id: number, starts: string, ends: string, extra: Record<string, unknown> = {}) {
  return { id, project_id: 3, starts_at: starts, ends_at: ends, places: 3, taken: 0, places_left: 3, waitlisted: 0, version: 1, ...extra }
}

function errorOf(label: string): string | undefined {
  const found = [...document.querySelectorAll('.el-form-item')].find(
    (el) => el.querySelector('.el-form-item__label')?.textContent?.trim() === label,
  )
  return found?.querySelector('.el-form-item__error')?.textContent?.trim()
}

async function submitForm(): Promise<void> {
  document.querySelector('form')?.dispatchEvent(new Event('submit', { cancelable: true }))
  await flushPromises()
  await wait(150)
  await flushPromises()
}

const preview = () => document.querySelector('[data-testid=generate-preview]')?.textContent?.trim()

describe('the shift generator', () => {
  it('counts a shift per day and window: 1–4 May, two windows, is 8', () => {
    const form = { days: ['2026-05-01', '2026-05-04'] as [string, string], windows: [{ start: '08:00', end: '12:00' }, { start: '12:00', end: '16:00' }], places: 3 }
    expect(dayCount(form.days)).toBe(4)
    expect(shiftCount(form)).toBe(8)
    expect(shiftCount({ ...form, days: null })).toBe(0)
    expect(generateBody(form)).toEqual({ from: '2026-05-01', to: '2026-05-04', windows: form.windows, places: 3 })
  })

  it('finds windows that end before they start, and windows that overlap (back to back is fine)', () => {
    expect(badWindow([{ start: '08:00', end: '12:00' }, { start: '14:00', end: '14:00' }])).toBe(1)
    expect(windowsOverlap([{ start: '08:00', end: '12:00' }, { start: '12:00', end: '16:00' }])).toBe(false)
    expect(windowsOverlap([{ start: '13:00', end: '16:00' }, { start: '08:00', end: '13:30' }])).toBe(true)
  })

  it('writes a shift’s time in the browser’s zone', () => {
    const start = new Date(2026, 4, 1, 8, 0)
    const end = new Date(2026, 4, 1, 12, 0)
    expect(shiftTimeText({ starts_at: start.toISOString(), ends_at: end.toISOString() })).toBe('2026-05-01 08:00–12:00')
  })
})

describe('the generator dialog and the shift list', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setLocale('zh-CN')
    vi.stubGlobal('ASYNC_VALIDATOR_NO_WARNING', 1)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows how many shifts will be made, asks, then sends the range, the windows and the places', async () => {
    const made = [shift(1, '2026-05-01T00:00:00Z', '2026-05-01T04:00:00Z')]
    const seen = fakeApi([json({ items: made }, 201)])
    const wrapper = mount(ShiftGenerateDialog, { props: { modelValue: true, project: project({ status: 'recruiting' }) }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    expect(preview()).toBe('请选择日期范围和时段')

    wrapper.findComponent({ name: 'ElDatePicker' }).vm.$emit('update:modelValue', ['2026-05-01', '2026-05-04'])
    document.querySelector<HTMLButtonElement>('[data-testid=generate-add-window]')?.click()
    await flushPromises()
    const selects = wrapper.findAllComponents({ name: 'ElTimeSelect' })
    selects[3]?.vm.$emit('update:modelValue', '16:00')
    await flushPromises()
    expect(preview()).toBe('将生成 8 个班次（4 天 × 2 个时段，每班 5 人）')

    await submitForm()
    expect(vi.mocked(confirmAction)).toHaveBeenCalledWith('确定为项目“周末助老送餐”生成 8 个班次吗？', expect.anything())
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/volunteer-projects/3/shifts/generate' })
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({
      from: '2026-05-01', to: '2026-05-04', windows: [{ start: '08:00', end: '12:00' }, { start: '12:00', end: '16:00' }], places: 5,
    })
    expect(wrapper.emitted('generated')?.[0]?.[0]).toHaveLength(1)
    wrapper.unmount()
  })

  it('refuses overlapping windows and a missing range in Chinese, without asking the server', async () => {
    const seen = fakeApi([])
    const wrapper = mount(ShiftGenerateDialog, { props: { modelValue: true, project: project() }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    document.querySelector<HTMLButtonElement>('[data-testid=generate-add-window]')?.click()
    await flushPromises()
    const selects = wrapper.findAllComponents({ name: 'ElTimeSelect' })
    selects[2]?.vm.$emit('update:modelValue', '10:00')
    selects[3]?.vm.$emit('update:modelValue', '14:00')
    await flushPromises()
    await submitForm()
    expect(errorOf('日期范围')).toBe('请选择日期范围')
    expect(errorOf('每日时段')).toBe('每日时段之间不能重叠')
    expect(seen).toHaveLength(0)
    wrapper.unmount()
  })

  it('shows the server’s refusal of the range on the range', async () => {
    fakeApi([problem(422, 'validation_failed', { errors: [{ field: 'to', code: 'out_of_range', message: 'at most 366 days' }] })])
    const wrapper = mount(ShiftGenerateDialog, { props: { modelValue: true, project: project() }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    wrapper.findComponent({ name: 'ElDatePicker' }).vm.$emit('update:modelValue', ['2026-05-01', '2026-05-02'])
    await flushPromises()
    await submitForm()
    expect(errorOf('日期范围')).toBe('数值超出允许范围')
    expect(wrapper.emitted('generated')).toBeUndefined()
    wrapper.unmount()
  })

  it('lists shifts with places left and waitlist; the generator and the roster only for those who may use them', async () => {
    const start = new Date(2026, 4, 1, 8, 0).toISOString()
    const end = new Date(2026, 4, 1, 12, 0).toISOString()
    const list = () => json({ items: [shift(1, start, end, { taken: 3, places_left: 0, waitlisted: 2 })] })
    const seen = fakeApi([list(), list(), list()])

    useAuthStore().$patch({ accessToken: 't', user: me({ permissions: ['projects.read', 'projects.write'] }) })
    let wrapper = mount(ProjectShifts, { props: { project: project({ status: 'recruiting' }) }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/v1/volunteer-projects/3/shifts' })
    const cells = [...document.querySelectorAll('[data-testid=shift-table] .el-table__body td')].map((td) => td.textContent?.trim())
    expect(cells).toEqual(['2026-05-01 08:00–12:00', '3', '3', '0', '2', '名单'])
    expect(document.querySelector('[data-testid=shifts-generate]')?.textContent?.trim()).toBe('批量生成班次')
    wrapper.unmount()
    document.body.innerHTML = ''

    wrapper = mount(ProjectShifts, { props: { project: project({ status: 'completed' }) }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    expect(document.querySelector('[data-testid=shifts-generate]')).toBeNull()
    wrapper.unmount()
    document.body.innerHTML = ''

    useAuthStore().$patch({ accessToken: 't', user: me({ permissions: ['projects.read'] }) })
    wrapper = mount(ProjectShifts, { props: { project: project({ status: 'recruiting' }) }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    expect(document.querySelector('[data-testid=shifts-generate]')).toBeNull()
    expect(document.querySelector('[data-testid=shift-roster]')).toBeNull()
    wrapper.unmount()
  })
})
