import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { Service } from '@/api/types'
import { i18n, setLocale } from '@/locales'
import { useAuthStore } from '@/stores/auth'
import ServiceActionBar from '@/views/services/ServiceActionBar.vue'
import { me, problem } from './helpers'

// Confirmations are Element Plus's own; here they are answered yes.
vi.mock('@/composables/confirmAction', () => ({ confirmAction: vi.fn(async () => true) }))

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The text of the message box on screen, if any. */
function messageBox(): string {
  return document.querySelector('.el-message-box__message')?.textContent?.trim() ?? ''
}

function ordered(): Service {
  return {
    id: 7, kind: 'shelf_order', status: 'ordered', need: null,
    resource: { id: 31, title: '家庭医生上门巡诊', category: 'skills', measure: '名医生', shelf: true },
    unit: { id: 1, name: '阿拉善右旗人民医院' },
    area: { id: 4, code: '152922100001', name: '巴丹吉林社区', kind: 'community' },
    quantity: 2, wanted_by: null, note: null, overdue: false, reason: null, delivery: null, rating: null,
    ordered_by: { id: 4, display_name: '社区管理员' }, timeline: [], version: 1,
    created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z',
  }
}

async function clickAccept(response: Response) {
  const fetch = vi.fn(async (_request: Request) => response)
  vi.stubGlobal('fetch', fetch)
  const wrapper = mount(ServiceActionBar, { props: { service: ordered() }, global: { plugins: [i18n] }, attachTo: document.body })
  await wrapper.get('[data-testid=service-accept]').trigger('click')
  await flushPromises()
  await wait(50)
  return { wrapper, fetch }
}

describe('service actions', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setLocale('zh-CN')
    useAuthStore().$patch({
      accessToken: 't',
      user: me({ role: 'unit_contact', unit_id: 1, permissions: ['services.read', 'services.fulfil'] }),
    })
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('offers a unit contact accept, decline and cancel on an order of their unit', () => {
    vi.stubGlobal('fetch', vi.fn())
    const wrapper = mount(ServiceActionBar, { props: { service: ordered() }, global: { plugins: [i18n] } })
    expect(wrapper.findAll('button').map((b) => b.text())).toEqual(['接单', '拒单', '取消服务'])
  })

  it('explains in Chinese that too little of the resource remains, and keeps the order', async () => {
    const { wrapper, fetch } = await clickAccept(problem(409, 'insufficient_quantity'))
    expect(new URL(fetch.mock.calls[0]![0].url).pathname).toBe('/api/v1/services/7/accept')
    expect(messageBox()).toBe('“家庭医生上门巡诊”剩余数量不足，无法接单。可拒单，或先在资源清单中增加该资源的数量后再接单。')
    expect(wrapper.emitted('stale')).toBeUndefined()
    expect(wrapper.emitted('changed')).toBeUndefined()
  })

  it('says the service moved on, and asks for a reload, on an invalid transition', async () => {
    const { wrapper } = await clickAccept(problem(409, 'invalid_transition'))
    expect(messageBox()).toContain('状态已经改变')
    expect(messageBox()).toContain('不能接单')
    expect(wrapper.emitted('stale')).toHaveLength(1)
  })

  it('hands on the accepted service', async () => {
    const accepted = { ...ordered(), status: 'accepted', version: 2 }
    const { wrapper } = await clickAccept(Response.json(accepted))
    expect(wrapper.emitted('changed')?.[0]?.[0]).toMatchObject({ status: 'accepted' })
  })
})
