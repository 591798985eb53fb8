import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { Area, AreaNode } from '@/api/types'
import { i18n, setLocale } from '@/locales'
import AreaFormDialog from '@/views/areas/AreaFormDialog.vue'
import AreaMoveDialog from '@/views/areas/AreaMoveDialog.vue'
import { json, problem } from './helpers'

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const nodes: AreaNode[] = [
  {
    id: 2, kind: 'street', code: '152922100000', name: '额肯呼都格镇',
    children: [
      { id: 4, kind: 'community', code: '152922100001', name: '巴丹吉林社区', parent_id: 2, children: [
        { id: 6, kind: 'grid', code: '152922100001001', name: '第一网格', parent_id: 4, children: [] },
      ] },
      { id: 5, kind: 'community', code: '152922100002', name: '雅布赖社区', parent_id: 2, children: [] },
    ],
  },
]

function grid(overrides: Partial<Area> = {}): Area {
  return {
    id: 6, code: '152922100001001', name: '第一网格', kind: 'grid', parent_id: 4, depth: 3,
    households: 120, population: 360, leader_name: '张三', leader_phone: '13800138000', version: 3,
    created_at: '2026-05-01T00:00:00Z', updated_at: '2026-05-01T00:00:00Z',
    ...overrides,
  }
}

interface Seen { method: string; url: string; ifMatch: string | null; body: unknown }

/** A fake API answering each call with the next response, recording what was sent. */
function fakeApi(responses: Response[]) {
  const seen: Seen[] = []
  const fetch = vi.fn(async (request: Request) => {
    const text = await request.text()
    seen.push({
      method: request.method,
      url: new URL(request.url).pathname,
      ifMatch: request.headers.get('If-Match'),
      body: text ? JSON.parse(text) : null,
    })
    const next = responses.shift()
    if (!next) throw new Error(`unexpected ${request.method} ${request.url}`)
    return next
  })
  vi.stubGlobal('fetch', fetch)
  return seen
}

function input(label: string): HTMLInputElement {
  const item = [...document.querySelectorAll('.el-form-item')].find(
    (el) => el.querySelector('.el-form-item__label')?.textContent?.trim() === label,
  )
  const found = item?.querySelector('input')
  if (!found) throw new Error(`no input labelled ${label}`)
  return found
}

function errorOf(label: string): string | undefined {
  const item = input(label).closest('.el-form-item')
  return item?.querySelector('.el-form-item__error')?.textContent?.trim()
}

async function submit(): Promise<void> {
  document.querySelector('form')?.dispatchEvent(new Event('submit', { cancelable: true }))
  await flushPromises()
  await wait(150) // Element Plus shows field errors after a short delay
  await flushPromises()
}

describe('area dialogs', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setLocale('zh-CN')
    // label-width="auto" measures labels; happy-dom has no layout, so Element Plus warns of NaN widths.
    const warn = console.warn.bind(console)
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).includes('unexpected width')) warn(...args)
    })
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('edits with If-Match, reloads the area on 412, and shows server field errors at their fields', async () => {
    const fresh = grid({ version: 4, population: 400 })
    const seen = fakeApi([
      problem(412, 'precondition_failed'),
      json(fresh),
      problem(422, 'validation_failed', {
        errors: [{ field: 'leader_phone', code: 'invalid_phone', message: 'not a phone number' }],
      }),
    ])
    const wrapper = mount(AreaFormDialog, {
      props: { modelValue: false, area: grid(), defaultParentId: null, nodes, systemWide: false },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()

    const name = input('名称')
    name.value = '第一网格（东）'
    name.dispatchEvent(new Event('input'))
    await submit()

    expect(seen[0]).toMatchObject({ method: 'PATCH', url: '/api/v1/areas/6', ifMatch: '"3"', body: { name: '第一网格（东）' } })
    expect(seen[1]).toMatchObject({ method: 'GET', url: '/api/v1/areas/6' })
    // The form now shows what the server holds.
    expect(input('人口').value).toBe('400')
    expect(input('名称').value).toBe('第一网格')
    expect(wrapper.emitted('stale')).toHaveLength(1)

    // The phone passes the form's own rule only if it looks right: send one the server refuses.
    const phone = input('联系电话')
    phone.value = '13900001111'
    phone.dispatchEvent(new Event('input'))
    await submit()
    expect(seen[2]).toMatchObject({ method: 'PATCH', ifMatch: '"4"', body: { leader_phone: '13900001111' } })
    expect(errorOf('联系电话')).toBe('请输入正确的手机号或带区号的固定电话')
    expect(wrapper.emitted('saved')).toBeUndefined()
    wrapper.unmount()
  })

  it('shows a move refusal on the parent field in Chinese', async () => {
    const seen = fakeApi([
      problem(422, 'validation_failed', {
        errors: [{ field: 'parent_id', code: 'would_create_cycle', message: 'cycle' }],
      }),
    ])
    const wrapper = mount(AreaMoveDialog, {
      props: { modelValue: false, area: grid(), nodes },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    // Choosing in the tree-select is a pointer affair; set the model as the select would.
    const vm = wrapper.findComponent({ name: 'AreaParentSelect' })
    vm.vm.$emit('update:modelValue', 5)
    await flushPromises()
    await submit()

    expect(seen[0]).toMatchObject({ method: 'PATCH', url: '/api/v1/areas/6', ifMatch: '"3"', body: { parent_id: 5 } })
    expect(errorOf('新上级区域')).toBe('不能移动到自身或其下级区域之下')
    wrapper.unmount()
  })
})
