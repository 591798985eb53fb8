import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { Enrollment, EnrollmentStatus } from '@/api/types'
import { i18n, setLocale } from '@/locales'
import { useAuthStore } from '@/stores/auth'
import { confirmAction } from '@/composables/confirmAction'
import ShiftRosterDrawer from '@/views/projects/ShiftRosterDrawer.vue'
import { minutesText, rosterActionsOf } from '@/views/projects/rosterActions'
import { fakeApi, json, me } from './helpers'

vi.mock('@/composables/confirmAction', () => ({ confirmAction: vi.fn(async () => true) }))

const START = new Date(2026, 4, 1, 8, 0).toISOString()
const END = new Date(2026, 4, 1, 12, 0).toISOString()

function signUp(id: number, name: string, status: EnrollmentStatus, extra: Partial<Enrollment> = {}): Enrollment {
  return {
    id, shift_id: 9, project: { id: 3, title: '周末助老送餐' } as Enrollment['project'],
    volunteer: { id: 40 + id, name, volunteer_no: `V20260000${40 + id}` }, starts_at: START, ends_at: END, status,
    version: 1, created_at: START, updated_at: START, ...extra,
  }
}

function shift(roster: Enrollment[] | null) {
  return { id: 9, project_id: 3, starts_at: START, ends_at: END, places: 2, taken: 2, places_left: 0, waitlisted: 1, version: 3, check_in_code: '482913', roster }
}

const ROSTER = [
  signUp(1, '王芳', 'enrolled'),
  signUp(2, '李强', 'checked_out', { minutes: 215 }),
  signUp(3, '赵敏', 'waitlisted', { waitlist_position: 1 }),
]

function rows(): string[][] {
  return [...document.querySelectorAll('[data-testid=roster-table] .el-table__body tr')].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
  )
}

function button(text: string, row: number): HTMLButtonElement | undefined {
  const tr = document.querySelectorAll('[data-testid=roster-table] .el-table__body tr')[row]
  return [...(tr?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find((b) => b.textContent?.trim() === text)
}

describe('the shift roster', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setLocale('zh-CN')
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('offers each sign-up the steps its state and the caller’s permissions allow', () => {
    const organiser = ['projects.write', 'enrollments.check_in']
    expect(rosterActionsOf('pending', organiser)).toEqual(['approve', 'reject'])
    expect(rosterActionsOf('enrolled', organiser)).toEqual(['check-in', 'no-show'])
    expect(rosterActionsOf('checked_in', organiser)).toEqual(['check-out'])
    expect(rosterActionsOf('checked_out', organiser)).toEqual(['confirm-hours'])
    expect(rosterActionsOf('waitlisted', organiser)).toEqual([])
    expect(rosterActionsOf('enrolled', ['enrollments.check_in'])).toEqual(['check-in'])
    expect(rosterActionsOf('checked_out', ['enrollments.check_in'])).toEqual([])
    expect(minutesText(215)).toBe('3 小时 35 分')
  })

  it('shows places left, the check-in code, the waitlist with positions and the steps in Chinese', async () => {
    fakeApi([json(shift(ROSTER))])
    useAuthStore().$patch({ accessToken: 't', user: me({ permissions: ['projects.read', 'projects.write', 'enrollments.check_in'] }) })
    const wrapper = mount(ShiftRosterDrawer, { props: { modelValue: true, shiftId: 9 }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    const summary = document.querySelector('[data-testid=roster-summary]')?.textContent ?? ''
    expect(summary).toContain('2026-05-01 08:00–12:00')
    expect(summary).toContain('剩余名额0')
    expect(summary).toContain('候补人数1')
    expect(document.querySelector('[data-testid=check-in-code]')?.textContent).toBe('482913')
    expect(rows()).toEqual([
      ['王芳 V2026000041', '已报名', '', '', '', '签到标记缺席'],
      ['李强 V2026000042', '已签退', '', '', '3 小时 35 分', '确认时长'],
      ['赵敏 V2026000043', '候补候补第 1 位', '', '', '', ''],
    ])
    wrapper.unmount()
  })

  it('checks a volunteer in on the spot, without the code, and reads the shift again', async () => {
    const seen = fakeApi([
      json(shift(ROSTER)),
      json(signUp(1, '王芳', 'checked_in', { checked_in_at: START })),
      json(shift([signUp(1, '王芳', 'checked_in', { checked_in_at: START }), ...ROSTER.slice(1)])),
    ])
    useAuthStore().$patch({ accessToken: 't', user: me({ permissions: ['projects.read', 'enrollments.check_in'] }) })
    const wrapper = mount(ShiftRosterDrawer, { props: { modelValue: true, shiftId: 9 }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    expect(button('标记缺席', 0)).toBeUndefined()
    button('签到', 0)?.click()
    await flushPromises()
    expect(seen[1]).toMatchObject({ method: 'POST', url: '/api/v1/enrollments/1/check-in' })
    expect(JSON.parse(seen[1]?.body ?? '')).toEqual({})
    expect(seen[2]).toMatchObject({ method: 'GET', url: '/api/v1/shifts/9' })
    expect(rows()[0]?.slice(0, 3)).toEqual(['王芳 V2026000041', '已签到', '08:00'])
    expect(button('签退', 0)).toBeDefined()
    expect(wrapper.emitted('changed')).toHaveLength(1)
    wrapper.unmount()
  })

  it('asks before marking a no-show and before confirming hours', async () => {
    const seen = fakeApi([
      json(shift(ROSTER)),
      json(signUp(2, '李强', 'hours_confirmed', { minutes: 215 })),
      json(shift(ROSTER)),
    ])
    useAuthStore().$patch({ accessToken: 't', user: me({ permissions: ['projects.read', 'projects.write'] }) })
    const wrapper = mount(ShiftRosterDrawer, { props: { modelValue: true, shiftId: 9 }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    button('确认时长', 1)?.click()
    await flushPromises()
    expect(vi.mocked(confirmAction)).toHaveBeenCalledWith('确认“李强”本班次服务时长 3 小时 35 分 吗？确认后不能修改。', expect.anything())
    expect(seen[1]).toMatchObject({ method: 'POST', url: '/api/v1/enrollments/2/confirm-hours' })

    vi.mocked(confirmAction).mockResolvedValueOnce(false)
    button('标记缺席', 0)?.click()
    await flushPromises()
    expect(vi.mocked(confirmAction)).toHaveBeenLastCalledWith('确定将“王芳”标记为缺席吗？', expect.anything())
    expect(seen).toHaveLength(3)
    wrapper.unmount()
  })

  it('tells a grid worker that only the organiser sees the roster', async () => {
    fakeApi([json({ ...shift(null), check_in_code: null })])
    useAuthStore().$patch({ accessToken: 't', user: me({ permissions: ['projects.read', 'enrollments.check_in'] }) })
    const wrapper = mount(ShiftRosterDrawer, { props: { modelValue: true, shiftId: 9 }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    expect(document.body.textContent).toContain('名单仅项目组织方可见')
    wrapper.unmount()
  })
})
