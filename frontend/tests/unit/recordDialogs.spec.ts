import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLocale } from '@/locales'
import { useAuthStore } from '@/stores/auth'
import { confirmAction } from '@/composables/confirmAction'
import RecordTable from '@/views/records/RecordTable.vue'
import RecordAdjustDialog from '@/views/records/RecordAdjustDialog.vue'
import CertificateIssueDialog from '@/views/certificates/CertificateIssueDialog.vue'
import CertificatePrint from '@/views/certificates/CertificatePrint.vue'
import VolunteerTable from '@/views/volunteers/VolunteerTable.vue'
import { volunteer } from './volunteerFixtures'
import { fakeApi, json, me, problem, wait } from './helpers'
import { certificate, record } from './recordFixtures'

// Corrections ask first; the question itself is Element Plus's.
vi.mock('@/composables/confirmAction', () => ({ confirmAction: vi.fn(async () => true) }))

function item(label: string): Element | undefined {
  return [...document.querySelectorAll('.el-form-item')].find(
    (el) => el.querySelector('.el-form-item__label')?.textContent?.trim() === label,
  )
}

function type(label: string, value: string): void {
  const el = item(label)?.querySelector<HTMLInputElement>('textarea, input')
  if (!el) throw new Error(`no input labelled ${label}`)
  el.value = value
  el.dispatchEvent(new Event('input'))
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

function testRouter() {
  const blank = { render: () => null }
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: blank },
      { path: '/p/:id', name: 'project-detail', component: blank },
      { path: '/certificates', name: 'certificates', component: blank },
      { path: '/certificates/:id/print', name: 'certificate-print', component: CertificatePrint },
    ],
  })
}

function signIn(permissions: string[]): void {
  useAuthStore().$patch({ accessToken: 't', user: me({ permissions: permissions as never }) })
}

describe('service record pages', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setLocale('zh-CN')
    vi.stubGlobal('ASYNC_VALIDATOR_NO_WARNING', 1)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows an adjustment apart: its signed change in red and the record it corrects; originals their effective hours', async () => {
    vi.stubGlobal('fetch', vi.fn())
    const rows = [
      record({ id: 9, kind: 'adjustment', minutes: -30, hours: -0.5, effective_minutes: null, corrects_id: 7, enrollment_id: null, reason: '签退时间登记错误' }),
      record({ effective_minutes: 150 }),
    ]
    const mountTable = () =>
      mount(RecordTable, { props: { rows, loading: false, emptyText: '' }, global: { plugins: [i18n, testRouter()] }, attachTo: document.body })

    signIn(['records.read', 'projects.write'])
    let wrapper = mountTable()
    await flushPromises()
    const cells = [...document.querySelectorAll('.el-table__body-wrapper tr')].map((tr) => tr.textContent ?? '')
    expect(cells[0]).toContain('更正')
    expect(cells[0]).toContain('更正记录 #7')
    expect(cells[0]).toContain('签退时间登记错误')
    const minus = document.querySelector('[data-testid=adjustment-minutes]')
    expect(minus?.textContent?.trim()).toBe('-30 分钟')
    expect(minus?.className).toContain('record-table__minus')
    expect(cells[1]).toContain('3 小时')
    expect(cells[1]).toContain('已更正')
    expect(cells[1]).toContain('2.5 小时')
    // Only the original can be corrected.
    expect(document.querySelectorAll('[data-testid=record-adjust]')).toHaveLength(1)
    wrapper.unmount()
    document.body.innerHTML = ''

    signIn(['records.read'])
    wrapper = mountTable()
    await flushPromises()
    expect(document.querySelectorAll('[data-testid=record-adjust]')).toHaveLength(0)
    wrapper.unmount()
  })

  it('corrects after a confirmation, and says so when the minutes would not change', async () => {
    const original = record({ effective_minutes: 150 })
    const seen = fakeApi([
      problem(422, 'validation_failed', { errors: [{ field: 'corrected_minutes', code: 'unchanged', message: 'same' }] }),
      json(record({ id: 11, kind: 'adjustment', minutes: -60, hours: -1, corrects_id: 7, effective_minutes: null, reason: '提前离开' }), 201),
    ])
    const wrapper = mount(RecordAdjustDialog, { props: { modelValue: true, record: original }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    expect(document.querySelector('[data-testid=adjust-current]')?.textContent).toBe('2.5 小时')

    // The form itself refuses the same time and a missing reason.
    await submitForm()
    expect(errorOf('更正后时长')).toBe('更正后的时长与目前计入的时长相同')
    expect(errorOf('更正原因')).toBe('请填写更正原因')
    expect(seen).toHaveLength(0)

    const [hours] = wrapper.findAllComponents({ name: 'ElInputNumber' })
    hours?.vm.$emit('update:modelValue', 1)
    type('更正原因', ' 提前离开 ')
    await flushPromises()
    // The server's own refusal lands on the same field.
    await submitForm()
    expect(errorOf('更正后时长')).toBe('更正后的时长与目前计入的时长相同')
    await submitForm()

    expect(vi.mocked(confirmAction)).toHaveBeenCalled()
    expect(vi.mocked(confirmAction).mock.calls.at(-1)?.[0]).toContain('由 2.5 小时 更正为 1.5 小时')
    expect(seen[1]).toMatchObject({ method: 'POST', url: '/api/v1/service-records/7/adjust' })
    expect(JSON.parse(seen[1]?.body ?? '{}')).toEqual({ corrected_minutes: 90, reason: '提前离开' })
    expect(wrapper.emitted('adjusted')?.[0]?.[0]).toMatchObject({ id: 11, corrects_id: 7 })
    wrapper.unmount()
  })

  it('issues a certificate for the volunteer and opens its print view', async () => {
    const router = testRouter()
    await router.push('/')
    const seen = fakeApi([
      problem(422, 'validation_failed', { errors: [{ field: 'from', code: 'no_hours', message: 'none' }] }),
      json(certificate(), 201),
    ])
    const wrapper = mount(CertificateIssueDialog, {
      props: { modelValue: true, volunteer: { id: 42, name: '王芳', volunteer_no: 'V2026000042' } },
      global: { plugins: [i18n, router] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(document.querySelector('[data-testid=issue-volunteer]')?.textContent).toContain('王芳')
    await submitForm()
    expect(errorOf('服务期间')).toBe('该志愿者在所选期间没有已确认的服务时长')
    const body = JSON.parse(seen[0]?.body ?? '{}') as { volunteer_id: number; from: string; to: string }
    expect(body.volunteer_id).toBe(42)
    expect(body.from).toMatch(/^\d{4}-01-01$/)

    await submitForm()
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/certificates/5/print')
    expect(seen[1]).toMatchObject({ method: 'POST', url: '/api/v1/certificates' })
    wrapper.unmount()
  })

  it('prints a certificate in Chinese, with its number, check code and how to verify it', async () => {
    const router = testRouter()
    await router.push('/certificates/5/print')
    fakeApi([json(certificate())])
    const print = vi.fn()
    vi.stubGlobal('print', print)
    const wrapper = mount(CertificatePrint, { global: { plugins: [i18n, router] }, attachTo: document.body })
    await flushPromises()
    const text = document.querySelector('[data-testid=certificate-sheet]')?.textContent ?? ''
    expect(text).toContain('志愿服务证明')
    expect(document.querySelector('[data-testid=certificate-body]')?.textContent?.trim()).toBe(
      '兹证明 王芳（志愿者编号 V2026000042）于 2026年1月1日 至 2026年5月20日 期间参加志愿服务，累计服务时长 6.5 小时。',
    )
    expect(text).toContain('社区环境整治')
    expect(text).toContain('4.5')
    expect(text).toContain('出具单位：巴丹吉林社区')
    expect(text).toContain('2026年5月20日')
    expect(document.querySelector('[data-testid=certificate-no]')?.textContent).toBe('证明编号：C2026000005')
    expect(document.querySelector('[data-testid=certificate-code]')?.textContent).toBe('核验码：K7M2Q9XA')
    expect(text).toContain('/api/v1/certificates/C2026000005/verify?code=K7M2Q9XA')
    ;(document.querySelector('[data-testid=certificate-print]') as HTMLButtonElement).click()
    expect(print).toHaveBeenCalledOnce()
    wrapper.unmount()
  })

  it('shows each volunteer’s confirmed hours and, to issuers, the certificate button', async () => {
    vi.stubGlobal('fetch', vi.fn())
    const rows = [volunteer(), volunteer({ id: 43, volunteer_no: 'V2026000043', name: '赵敏', status: 'pending' })]
    const minutesOf = (id: number) => (id === 42 ? 390 : 0)
    signIn(['volunteers.read', 'records.read', 'certificates.issue'])
    const wrapper = mount(VolunteerTable, {
      props: { rows, loading: false, emptyText: '', minutesOf },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    const hours = [...document.querySelectorAll('[data-testid=volunteer-hours]')].map((el) => el.textContent?.trim())
    expect(hours).toEqual(['6.5 小时', '0 小时'])
    // A registration still waiting for review has nothing to certify.
    expect(document.querySelectorAll('[data-testid=volunteer-issue]')).toHaveLength(1)
    ;(document.querySelector('[data-testid=volunteer-hours]') as HTMLButtonElement).click()
    expect(wrapper.emitted('records')?.[0]?.[0]).toMatchObject({ id: 42 })
    wrapper.unmount()
  })
})
