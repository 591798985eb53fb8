import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLocale } from '@/locales'
import { useAuthStore } from '@/stores/auth'
import ProjectFormDialog from '@/views/projects/ProjectFormDialog.vue'
import ProjectTable from '@/views/projects/ProjectTable.vue'
import { cancel, stepForward } from '@/views/projects/projectActions'
import { fakeApi, json, me, problem, wait } from './helpers'
import { project } from './projectFixtures'

vi.mock('@/api/areas', () => ({
  getAreaTree: vi.fn(async () => [{ id: 4, code: '152922100001', name: '巴丹吉林社区', kind: 'community', children: [] }]),
}))
vi.mock('@/api/units', () => ({
  listUnits: vi.fn(async () => ({ items: [{ id: 1, name: '阿拉善右旗人民医院', credit_code: '121529224600100234' }], total: 1, page_size: 50 })),
  getUnit: vi.fn(async () => ({ id: 1, name: '阿拉善右旗人民医院' })),
}))
vi.mock('@/api/partyOrgs', () => ({ listPartyOrgs: vi.fn(async () => ({ items: [], total: 0, page_size: 100 })) }))
vi.mock('@/composables/confirmAction', () => ({ confirmAction: vi.fn(async () => true) }))

function item(label: string): Element | undefined {
  return [...document.querySelectorAll('.el-form-item')].find(
    (el) => el.querySelector('.el-form-item__label')?.textContent?.trim() === label,
  )
}

function type(label: string, value: string): void {
  const el = item(label)?.querySelector<HTMLInputElement>('input, textarea')
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

describe('project dialogs and actions', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setLocale('zh-CN')
    vi.stubGlobal('ASYNC_VALIDATOR_NO_WARNING', 1)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('asks for the title, the category and the organising unit in Chinese before sending', async () => {
    const seen = fakeApi([])
    const wrapper = mount(ProjectFormDialog, { props: { modelValue: true, defaultAreaId: 4 }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    const unit = [...document.querySelectorAll<HTMLLabelElement>('.el-radio-button')].find((el) => el.textContent?.trim() === '共建单位')
    unit?.querySelector('input')?.click()
    await flushPromises()
    await submitForm()
    expect(errorOf('项目名称')).toBe('请输入项目名称')
    expect(errorOf('服务类别')).toBe('请选择服务类别')
    expect(errorOf('组织单位')).toBe('请选择组织单位')
    expect(seen).toHaveLength(0)
    wrapper.unmount()
  })

  it('creates a draft and shows the server’s refusals at their fields', async () => {
    const seen = fakeApi([
      problem(422, 'validation_failed', { errors: [{ field: 'area_id', code: 'wrong_area_kind', message: 'not a community or grid' }] }),
    ])
    const wrapper = mount(ProjectFormDialog, { props: { modelValue: true, defaultAreaId: 4 }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    type('项目名称', '周末助老送餐')
    wrapper.findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', 'care')
    await flushPromises()
    await submitForm()
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/volunteer-projects' })
    expect(JSON.parse(seen[0]?.body ?? '{}')).toMatchObject({
      title: '周末助老送餐', category: 'care', organiser_kind: 'community', area_id: 4, approval_mode: 'automatic',
    })
    expect(errorOf('服务社区/网格')).toBe('请选择社区或网格')
    wrapper.unmount()
  })

  it('edits with If-Match; organiser and area are shown, not editable', async () => {
    const p = project()
    const seen = fakeApi([json({ ...p, approval_mode: 'manual', version: 2 })])
    const wrapper = mount(ProjectFormDialog, { props: { modelValue: true, project: p }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    expect(item('组织方类型')).toBeUndefined()
    expect(document.body.textContent).toContain('组织方和服务区域创建后不能修改')
    const manual = [...document.querySelectorAll<HTMLLabelElement>('.el-radio')].find((el) => el.textContent?.trim() === '人工审核')
    manual?.querySelector('input')?.click()
    await flushPromises()
    await submitForm()
    expect(seen[0]).toMatchObject({ method: 'PATCH', url: '/api/v1/volunteer-projects/3', ifMatch: '"1"' })
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ approval_mode: 'manual' })
    wrapper.unmount()
  })

  it('shows each project’s next step by its state, to organisers only', async () => {
    vi.stubGlobal('fetch', vi.fn())
    const router = createRouter({ history: createMemoryHistory(), routes: [
      { path: '/', component: { render: () => null } },
      { path: '/p/:id', name: 'project-detail', component: { render: () => null } },
    ] })
    const rows = [project(), project({ id: 4, status: 'recruiting' }), project({ id: 5, status: 'in_progress' }), project({ id: 6, status: 'completed' })]
    const mountTable = () =>
      mount(ProjectTable, { props: { rows, loading: false, emptyText: '' }, global: { plugins: [i18n, router] }, attachTo: document.body })
    const buttons = () => [...document.querySelectorAll('.el-table__body-wrapper button')].map((b) => b.textContent?.trim())

    useAuthStore().$patch({ accessToken: 't', user: me({ permissions: ['projects.read', 'projects.write'] }) })
    let wrapper = mountTable()
    await flushPromises()
    expect(buttons()).toEqual(['编辑', '发布招募', '取消项目', '编辑', '开始', '取消项目', '编辑', '完成', '取消项目'])
    expect(document.body.textContent).toContain('招募中')
    expect(document.body.textContent).toContain('敬老爱幼助残')
    wrapper.unmount()
    document.body.innerHTML = ''

    useAuthStore().$patch({ accessToken: 't', user: me({ permissions: ['projects.read'] }) })
    wrapper = mountTable()
    await flushPromises()
    expect(buttons()).toEqual([])
    wrapper.unmount()
  })

  it('publishes after a confirmation', async () => {
    const seen = fakeApi([json(project({ status: 'recruiting' }))])
    expect(await stepForward(project(), 'publish')).toMatchObject({ status: 'recruiting' })
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/volunteer-projects/3/publish' })
  })

  it('says the project moved on when someone else stepped it first', async () => {
    fakeApi([problem(409, 'invalid_transition')])
    expect(await stepForward(project(), 'publish')).toBe('stale')
  })

  it('cancels only with a reason', async () => {
    const seen = fakeApi([json(project({ status: 'cancelled', cancel_reason: '天气原因' }))])
    const pending = cancel(project({ status: 'recruiting' }))
    await flushPromises()
    await wait(50)
    const confirm = () =>
      [...document.querySelectorAll<HTMLButtonElement>('.el-message-box button')].find((b) => b.textContent?.trim() === '取消项目')
    confirm()?.click()
    await flushPromises()
    await wait(50)
    expect(document.querySelector('.el-message-box__errormsg')?.textContent?.trim()).toBe('请填写取消原因')
    expect(seen).toHaveLength(0)
    const box = document.querySelector<HTMLTextAreaElement>('.el-message-box textarea')
    if (!box) throw new Error('no reason field')
    box.value = '天气原因'
    box.dispatchEvent(new Event('input'))
    await flushPromises()
    confirm()?.click()
    expect(await pending).toMatchObject({ status: 'cancelled' })
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/volunteer-projects/3/cancel' })
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ reason: '天气原因' })
  })
})
