import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { Unit } from '@/api/types'
import { i18n, setLocale } from '@/locales'
import UnitFormDialog from '@/views/units/UnitFormDialog.vue'
import UnitImportDialog from '@/views/units/UnitImportDialog.vue'
import { fakeApi, json, problem, wait } from './helpers'

vi.mock('@/api/areas', () => ({
  getAreaTree: vi.fn(async () => [
    {
      id: 4, code: '152922100001', name: '巴丹吉林社区', kind: 'community', children: [
        { id: 6, code: '152922100001001', name: '第1网格', kind: 'grid', parent_id: 4, children: [] },
      ],
    },
  ]),
}))
// The import asks before writing; the question itself is Element Plus's.
vi.mock('@/composables/confirmAction', () => ({ confirmAction: vi.fn(async () => true) }))

function hospital(overrides: Partial<Unit> = {}): Unit {
  return {
    id: 1, name: '阿拉善右旗人民医院', kind: 'public_institution', credit_code: '121529224600100234',
    area: { id: 4, code: '152922100001', name: '巴丹吉林社区', kind: 'community' },
    grids: [{ id: 6, code: '152922100001001', name: '第1网格', kind: 'grid' }],
    contact_name: '党办主任', contact_phone: '0483-6021234', address: '巴丹吉林社区内', party_member_count: 36,
    commitment: '每月开展一次社区义诊', commitment_phone: null, status: 'active', version: 3,
    created_at: '2026-05-01T00:00:00Z', updated_at: '2026-05-01T00:00:00Z',
    ...overrides,
  }
}

function item(label: string): Element | undefined {
  return [...document.querySelectorAll('.el-form-item')].find(
    (el) => el.querySelector('.el-form-item__label')?.textContent?.trim() === label,
  )
}

function input(label: string): HTMLInputElement | HTMLTextAreaElement {
  const found = item(label)?.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea')
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

async function save(): Promise<void> {
  document.querySelector('form')?.dispatchEvent(new Event('submit', { cancelable: true }))
  await flushPromises()
  await wait(150)
  await flushPromises()
}

describe('unit dialogs', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setLocale('zh-CN')
    vi.stubGlobal('ASYNC_VALIDATOR_NO_WARNING', 1)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('checks the credit code as it is typed, upper-cased', async () => {
    fakeApi([])
    const wrapper = mount(UnitFormDialog, { props: { modelValue: true }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    const state = () => document.querySelector('[data-testid=credit-code-state]')?.textContent?.trim()

    type('统一社会信用代码', '91350100m000')
    await flushPromises()
    expect(input('统一社会信用代码').value).toBe('91350100M000')
    expect(state()).toBe('已输入 12/18 位')
    type('统一社会信用代码', '91350100M000100Y44')
    await flushPromises()
    expect(state()).toBe('校验码不正确')
    type('统一社会信用代码', '91350100M000100YI4')
    await flushPromises()
    expect(state()).toBe('格式不正确')
    type('统一社会信用代码', '91350100M000100Y43')
    await flushPromises()
    expect(state()).toBe('校验通过')
    wrapper.unmount()
  })

  it('shows the server’s refusals at their fields: a taken code, a grid that is not one', async () => {
    const seen = fakeApi([
      problem(422, 'validation_failed', {
        errors: [
          { field: 'credit_code', code: 'duplicate', message: 'taken' },
          { field: 'grid_ids[0]', code: 'not_a_grid', message: 'not a grid' },
        ],
      }),
    ])
    const wrapper = mount(UnitFormDialog, {
      props: { modelValue: true, defaultAreaId: 4 },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    type('单位名称', '阿拉善右旗图书馆')
    type('统一社会信用代码', '91350100M000100Y43')
    // Choosing in selects is a pointer affair: set the models as the selects would.
    wrapper.findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', 'public_institution')
    wrapper.findComponent({ name: 'GridMultiSelect' }).vm.$emit('update:modelValue', [6])
    await flushPromises()
    await save()

    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/units' })
    expect(JSON.parse(seen[0]?.body ?? '{}')).toMatchObject({
      name: '阿拉善右旗图书馆', kind: 'public_institution', credit_code: '91350100M000100Y43', area_id: 4, grid_ids: [6],
    })
    expect(errorOf('统一社会信用代码')).toBe('该统一社会信用代码已被其他单位登记')
    expect(errorOf('服务网格')).toBe('所选区域不是网格')
    expect(wrapper.emitted('saved')).toBeUndefined()
    wrapper.unmount()
  })

  it('lets a unit contact change only the profile, sending what changed with If-Match', async () => {
    const unit = hospital()
    const seen = fakeApi([json({ ...unit, commitment: '每月两次义诊', version: 4 })])
    const wrapper = mount(UnitFormDialog, {
      props: { modelValue: true, unit, ownOnly: true },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(item('统一社会信用代码')).toBeUndefined()
    expect(item('单位类型')).toBeUndefined()
    expect(item('服务网格')).toBeUndefined()
    expect((input('单位名称') as HTMLInputElement).disabled).toBe(true)

    type('服务承诺', '每月两次义诊')
    await save()
    expect(seen[0]).toMatchObject({ method: 'PATCH', url: '/api/v1/units/1', ifMatch: '"3"' })
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ commitment: '每月两次义诊' })
    expect(wrapper.emitted('saved')?.[0]?.[1]).toBe(false)
    wrapper.unmount()
  })

  it('imports: a dry run lists the bad rows, then only the good rows are written', async () => {
    const report = {
      dry_run: true, mode: 'all_or_nothing', total_rows: 3, valid_rows: 2, imported: 0,
      errors: [{ row: 4, field: 'credit_code', code: 'invalid_credit_code', message: 'bad check character' }],
    }
    const seen = fakeApi([json(report), json({ ...report, dry_run: false, mode: 'good_rows', imported: 2 })])
    const wrapper = mount(UnitImportDialog, { props: { modelValue: true }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()

    const file = new File(['单位名称,单位类型\n'], 'units.csv', { type: 'text/csv' })
    const picker = document.querySelector<HTMLInputElement>('input[type=file]')
    if (!picker) throw new Error('no file input')
    Object.defineProperty(picker, 'files', { value: [file] })
    picker.dispatchEvent(new Event('change'))
    await flushPromises()

    const button = (text: string) =>
      [...document.querySelectorAll<HTMLButtonElement>('.el-dialog button')].find((b) => b.textContent?.trim() === text)
    button('预检')?.click()
    await flushPromises()
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/v1/units/import?dry_run=true&mode=all_or_nothing',
      contentType: 'text/csv',
      body: '单位名称,单位类型\n',
    })
    const report1 = document.querySelector('[data-testid=import-report]')?.textContent ?? ''
    expect(report1).toContain('共 3 行，有效 2 行')
    expect(report1).toContain('统一社会信用代码不正确')

    button('仅导入有效行')?.click()
    await flushPromises()
    expect(seen[1]).toMatchObject({ url: '/api/v1/units/import?dry_run=false&mode=good_rows' })
    expect(document.querySelector('[data-testid=import-result]')?.textContent).toContain('已导入 2 个单位')
    expect(wrapper.emitted('imported')).toEqual([[2]])
    wrapper.unmount()
  })
})
