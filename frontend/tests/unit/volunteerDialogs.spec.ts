import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { i18n, setLocale } from '@/locales'
import { useAuthStore } from '@/stores/auth'
import { vPermission } from '@/directives/permission'
import VolunteerFormDialog from '@/views/volunteers/VolunteerFormDialog.vue'
import VolunteerRevealDialog from '@/views/volunteers/VolunteerRevealDialog.vue'
import VolunteerTable from '@/views/volunteers/VolunteerTable.vue'
import { approve, reject } from '@/views/volunteers/volunteerActions'
import { fakeApi, json, me, problem, wait } from './helpers'
import { volunteer } from './volunteerFixtures'

vi.mock('@/api/areas', () => ({
  getAreaTree: vi.fn(async () => [
    {
      id: 4, code: '152922100001', name: '巴丹吉林社区', kind: 'community', children: [
        { id: 6, code: '152922100001001', name: '第1网格', kind: 'grid', parent_id: 4, children: [] },
      ],
    },
  ]),
}))
// The work-unit picker searches units as it opens; one unit is enough here.
vi.mock('@/api/units', () => ({
  listUnits: vi.fn(async () => ({ items: [{ id: 1, name: '阿拉善右旗人民医院', credit_code: '121529224600100234' }], total: 1, page_size: 50 })),
  getUnit: vi.fn(async () => ({ id: 1, name: '阿拉善右旗人民医院' })),
}))
// The approval asks first; the question itself is Element Plus's.
vi.mock('@/composables/confirmAction', () => ({ confirmAction: vi.fn(async () => true) }))

function item(label: string): Element | undefined {
  return [...document.querySelectorAll('.el-form-item')].find(
    (el) => el.querySelector('.el-form-item__label')?.textContent?.trim() === label,
  )
}

function input(label: string): HTMLInputElement {
  const found = item(label)?.querySelector<HTMLInputElement>('input, textarea')
  if (!found) throw new Error(`no input labelled ${label}`)
  return found
}

function type(label: string, value: string): void {
  const el = input(label)
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

function signIn(permissions: string[]): void {
  useAuthStore().$patch({ accessToken: 't', user: me({ permissions: permissions as never }) })
}

describe('volunteer dialogs', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setLocale('zh-CN')
    vi.stubGlobal('ASYNC_VALIDATOR_NO_WARNING', 1)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('says in Chinese what is wrong with the phone and the identity number, and sends nothing', async () => {
    const seen = fakeApi([])
    const wrapper = mount(VolunteerFormDialog, {
      props: { modelValue: true, defaultAreaId: 6 },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    type('姓名', '李强')
    type('手机号', '0483-6021234')
    type('身份证号', '110105194912310021')
    await submitForm()
    expect(errorOf('手机号')).toBe('请输入正确的 11 位手机号')
    expect(errorOf('身份证号')).toBe('身份证号校验位不正确，请核对')
    expect(errorOf('政治面貌')).toBe('请选择政治面貌')

    type('身份证号', '110105194902300021')
    await submitForm()
    expect(errorOf('身份证号')).toBe('身份证号中的出生日期不正确')
    expect(seen).toHaveLength(0)
    wrapper.unmount()
  })

  it('creates a volunteer and shows the server’s refusals at their fields', async () => {
    const seen = fakeApi([
      problem(422, 'validation_failed', {
        errors: [
          { field: 'phone', code: 'duplicate', message: 'taken' },
          { field: 'id_number', code: 'invalid_id_number', message: 'bad' },
        ],
      }),
    ])
    const wrapper = mount(VolunteerFormDialog, {
      props: { modelValue: true, defaultAreaId: 6 },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    type('姓名', ' 李强 ')
    type('手机号', '13904830043')
    type('身份证号', '11010519491231002x')
    wrapper.findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', 'masses')
    await flushPromises()
    await submitForm()

    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/volunteers' })
    expect(JSON.parse(seen[0]?.body ?? '{}')).toMatchObject({
      name: '李强', phone: '13904830043', id_number: '11010519491231002X', political_status: 'masses', area_id: 6,
    })
    expect(errorOf('手机号')).toBe('该手机号已登记为志愿者')
    expect(errorOf('身份证号')).toBe('身份证号不正确（18 位，出生日期和校验位须正确）')
    expect(wrapper.emitted('saved')).toBeUndefined()
    wrapper.unmount()
  })

  it('edits with If-Match, sending only what changed and never the masked number', async () => {
    const v = volunteer()
    const seen = fakeApi([json({ ...v, name: '王芳芳', version: 3 })])
    const wrapper = mount(VolunteerFormDialog, {
      props: { modelValue: true, volunteer: v },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(input('身份证号').value).toBe('')
    expect(input('身份证号').placeholder).toContain('110***********002X')
    type('姓名', '王芳芳')
    await submitForm()
    expect(seen[0]).toMatchObject({ method: 'PATCH', url: '/api/v1/volunteers/42', ifMatch: '"2"' })
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ name: '王芳芳' })
    expect(wrapper.emitted('saved')?.[0]?.[1]).toBe(false)
    wrapper.unmount()
  })

  it('reveals the identity number only after a reason, and shows it in the dialog', async () => {
    const seen = fakeApi([json({ volunteer_id: 42, id_number: '11010519491231002X' }, 200, { 'Cache-Control': 'no-store' })])
    const wrapper = mount(VolunteerRevealDialog, {
      props: { modelValue: true, volunteer: volunteer() },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(document.body.textContent).toContain('每次查看都会记录查看人和原因')
    expect(document.body.textContent).toContain('110***********002X')
    await submitForm()
    expect(errorOf('查看原因')).toBe('请填写查看原因')
    expect(seen).toHaveLength(0)

    type('查看原因', '核对保险投保信息')
    await submitForm()
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/volunteers/42/id-number/reveal' })
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ reason: '核对保险投保信息' })
    expect(document.querySelector('[data-testid=revealed-id]')?.textContent).toBe('11010519491231002X')
    wrapper.unmount()
  })

  it('shows masked numbers, and the buttons the caller’s permissions and the state allow', async () => {
    vi.stubGlobal('fetch', vi.fn())
    const rows = [volunteer(), volunteer({ id: 43, volunteer_no: 'V2026000043', name: '赵敏', status: 'pending' })]
    const mountTable = () =>
      mount(VolunteerTable, {
        props: { rows, loading: false, emptyText: '' },
        global: { plugins: [i18n], directives: { permission: vPermission } },
        attachTo: document.body,
      })
    const buttons = () => [...document.querySelectorAll('.el-table__body-wrapper button')].map((b) => b.textContent?.trim())

    signIn(['volunteers.read'])
    let wrapper = mountTable()
    await flushPromises()
    expect(document.querySelector('[data-testid=masked-id]')?.textContent).toBe('110***********002X')
    expect(document.body.textContent).toContain('中共党员')
    expect(document.body.textContent).toContain('待审核')
    expect(buttons()).toEqual([])
    wrapper.unmount()
    document.body.innerHTML = ''

    signIn(['volunteers.read', 'volunteers.write'])
    wrapper = mountTable()
    await flushPromises()
    expect(buttons()).toEqual(['编辑', '编辑', '审核通过', '驳回'])
    wrapper.unmount()
    document.body.innerHTML = ''

    signIn(['volunteers.read', 'volunteers.write', 'volunteers.reveal_id'])
    wrapper = mountTable()
    await flushPromises()
    expect(buttons()).toEqual(['编辑', '查看身份证号', '编辑', '审核通过', '驳回', '查看身份证号'])
    wrapper.unmount()
  })

  it('approves a pending registration', async () => {
    const seen = fakeApi([json(volunteer({ status: 'active' }))])
    const outcome = await approve(volunteer({ status: 'pending' }))
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/volunteers/42/approve' })
    expect(outcome).toMatchObject({ status: 'active' })
  })

  it('rejects only with a reason, and says so in Chinese when it is missing', async () => {
    const seen = fakeApi([json(volunteer({ status: 'rejected', reject_reason: '信息不实' }))])
    const pending = reject(volunteer({ status: 'pending' }))
    await flushPromises()
    await wait(50)
    expect(document.querySelector('.el-message-box__message')?.textContent).toContain('驳回志愿者“王芳”的注册申请')
    const confirm = () =>
      [...document.querySelectorAll<HTMLButtonElement>('.el-message-box button')].find((b) => b.textContent?.trim() === '驳回')
    confirm()?.click()
    await flushPromises()
    await wait(50)
    expect(document.querySelector('.el-message-box__errormsg')?.textContent?.trim()).toBe('请填写驳回原因')
    expect(seen).toHaveLength(0)

    const box = document.querySelector<HTMLTextAreaElement>('.el-message-box textarea')
    if (!box) throw new Error('no reason field')
    box.value = '信息不实'
    box.dispatchEvent(new Event('input'))
    await flushPromises()
    confirm()?.click()
    expect(await pending).toMatchObject({ status: 'rejected' })
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/volunteers/42/reject' })
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ reason: '信息不实' })
  })

  it('reloads the list when someone else decided first', async () => {
    fakeApi([problem(409, 'invalid_transition')])
    expect(await approve(volunteer({ status: 'pending' }))).toBe('stale')
  })
})
