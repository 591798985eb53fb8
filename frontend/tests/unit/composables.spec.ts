import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { ApiError } from '@/api/problem'
import { i18n, setLocale } from '@/locales'
import type { ListParams } from '@/composables/useListQuery'
import FormFixture from './fixtures/FormFixture.vue'
import ListFixture from './fixtures/ListFixture.vue'

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('useFormErrors', () => {
  beforeEach(() => setLocale('zh-CN'))

  it('shows server field errors at the el-form-item with that prop', async () => {
    const error = new ApiError({
      status: 422,
      code: 'validation_failed',
      message: 'invalid',
      fieldErrors: [{ field: 'code', code: 'code_outside_parent', message: 'does not continue the parent' }],
    })
    const wrapper = mount(FormFixture, {
      props: { action: () => Promise.reject(error) },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    const result = await wrapper.vm.submit()
    await wait(150) // Element Plus debounces showing the error
    expect(result).toBeUndefined()
    const items = wrapper.findAll('.el-form-item')
    expect(items[0]?.find('.el-form-item__error').text()).toBe('区划代码与上级区域代码不一致')
    expect(items[1]?.find('.el-form-item__error').exists()).toBe(false)
    wrapper.unmount()
  })
})

describe('useListQuery', () => {
  let router: Router

  beforeEach(async () => {
    setActivePinia(createPinia())
    router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/areas', name: 'areas', component: ListFixture },
        { path: '/elsewhere', name: 'elsewhere', component: { render: () => null } },
      ],
    })
    await router.push('/areas?page=2&kind=grid&q=%E7%BD%91%E6%A0%BC&sort=-name&area_id=4&kind_extra=1')
  })

  afterEach(() => vi.restoreAllMocks())

  type Params = ListParams<{ q: (raw: string) => string | undefined }>
  function mountList(fetch = vi.fn(async (_params: Params) => ({ items: [{ id: 1 }], total: 45 }))) {
    const wrapper = mount(ListFixture, { props: { fetch }, global: { plugins: [router, i18n] } })
    return { wrapper, fetch, list: wrapper.vm.list }
  }

  it('loads the view the URL describes', async () => {
    const { fetch } = mountList()
    await flushPromises()
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(fetch.mock.calls[0]?.[0]).toEqual({ page: 2, page_size: 20, sort: '-name', q: '网格', kind: 'grid', area_id: 4 })
  })

  it('drops filter values that are not valid', async () => {
    await router.replace('/areas?kind=town&area_id=abc')
    const { fetch } = mountList()
    await flushPromises()
    expect(fetch.mock.calls[0]?.[0]).toEqual({ page: 1, page_size: 20, sort: 'code' })
  })

  it('writes searches, pages and sorting to the URL and reloads', async () => {
    const { fetch, list } = mountList()
    await flushPromises()

    list.filters.kind = 'community'
    list.filters.q = undefined
    list.search()
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ kind: 'community', sort: '-name', area_id: '4', kind_extra: '1' })
    expect(fetch).toHaveBeenLastCalledWith({ page: 1, page_size: 20, sort: '-name', kind: 'community', area_id: 4 })

    list.setPage(3)
    await flushPromises()
    expect(router.currentRoute.value.query.page).toBe('3')

    list.onSortChange({ prop: 'created_at', order: 'descending' })
    await flushPromises()
    expect(router.currentRoute.value.query.sort).toBe('-created_at')
    expect(router.currentRoute.value.query.page).toBeUndefined()

    list.reset()
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ kind_extra: '1' })
    expect(fetch).toHaveBeenLastCalledWith({ page: 1, page_size: 20, sort: 'code' })
  })

  it('searching again with the same filters reloads', async () => {
    const { fetch, list } = mountList()
    await flushPromises()
    list.search()
    await flushPromises()
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('fetches every page of the filtered list for an export', async () => {
    const fetch = vi.fn(async (params: Params) => {
      const start = (params.page - 1) * params.page_size
      const count = Math.max(0, Math.min(params.page_size, 250 - start))
      return { items: Array.from({ length: count }, (_, i) => ({ id: start + i })), total: 250 }
    })
    const { list } = mountList(fetch)
    await flushPromises()
    const progress: number[] = []
    const rows = await list.fetchAll((n) => progress.push(n))
    expect(rows).toHaveLength(250)
    expect(progress).toEqual([100, 200, 250])
    expect(fetch).toHaveBeenLastCalledWith(expect.objectContaining({ page: 3, page_size: 100, kind: 'grid', sort: '-name' }))
  })

  it('does not reload once the user has left the page', async () => {
    const { fetch } = mountList()
    await flushPromises()
    await router.push('/elsewhere?page=9')
    await flushPromises()
    expect(fetch).toHaveBeenCalledTimes(1)
  })
})
