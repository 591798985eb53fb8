import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { PartyOrgNode } from '@/api/types'
import { i18n, setLocale } from '@/locales'
import PartyOrgFormDialog from '@/views/partyOrgs/PartyOrgFormDialog.vue'

vi.mock('@/api/areas', () => ({
  getAreaTree: vi.fn(async () => [{ id: 4, code: '152922100001', name: '巴丹吉林社区', kind: 'community', children: [] }]),
}))
vi.mock('@/api/units', () => ({
  listUnits: vi.fn(async () => ({ items: [], total: 0, page: 1, page_size: 50 })),
  getUnit: vi.fn(),
}))
const createPartyOrg = vi.fn()
vi.mock('@/api/partyOrgs', () => ({
  createPartyOrg: (...args: unknown[]) => createPartyOrg(...args),
  getPartyOrg: vi.fn(),
  updatePartyOrg: vi.fn(),
}))

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const nodes: PartyOrgNode[] = [
  {
    id: 1, name: '巴丹吉林社区党委', kind: 'committee', area_id: 4, member_count: 0, parent_id: null, unit_id: null,
    children: [
      { id: 2, name: '第一网格党支部', kind: 'branch', area_id: 6, member_count: 18, parent_id: 1, unit_id: null, children: [] },
    ],
  },
]

function errorOf(label: string): string | undefined {
  const item = [...document.querySelectorAll('.el-form-item')].find(
    (el) => el.querySelector('.el-form-item__label')?.textContent?.trim() === label,
  )
  return item?.querySelector('.el-form-item__error')?.textContent?.trim()
}

describe('PartyOrgFormDialog', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setLocale('zh-CN')
    vi.stubGlobal('ASYNC_VALIDATOR_NO_WARNING', 1)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('starts a child one rank down on its parent’s area, and words rank refusals for organisations', async () => {
    const { ApiError } = await import('@/api/problem')
    createPartyOrg.mockRejectedValueOnce(
      new ApiError({
        status: 422,
        code: 'validation_failed',
        message: 'invalid',
        fieldErrors: [{ field: 'parent_id', code: 'parent_kind_mismatch', message: 'must rank above' }],
      }),
    )
    const wrapper = mount(PartyOrgFormDialog, {
      props: { modelValue: true, parent: nodes[0]?.children[0], nodes },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    const name = document.querySelector<HTMLInputElement>('.el-form-item input')
    if (!name) throw new Error('no name input')
    name.value = '第一网格第一党小组'
    name.dispatchEvent(new Event('input'))
    document.querySelector('form')?.dispatchEvent(new Event('submit', { cancelable: true }))
    await flushPromises()
    await wait(150)
    await flushPromises()

    expect(createPartyOrg).toHaveBeenCalledWith(
      expect.objectContaining({ name: '第一网格第一党小组', kind: 'group', parent_id: 2, area_id: 6 }),
    )
    expect(errorOf('上级党组织')).toBe('上级党组织的级别须高于本组织（党委 > 党总支 > 党支部 > 党小组）')
    wrapper.unmount()
  })
})
