import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { i18n, setLocale } from '@/locales'
import { useAuthStore } from '@/stores/auth'
import { vPermission } from '@/directives/permission'
import HouseholdRevealDialog from '@/views/households/HouseholdRevealDialog.vue'
import HouseholdTable from '@/views/households/HouseholdTable.vue'
import PairingCards from '@/views/pairings/PairingCards.vue'
import VisitFormDialog from '@/views/visits/VisitFormDialog.vue'
import { claim } from '@/views/wishes/wishActions'
import { household, pairing, ROLE_PERMISSIONS, visit, wish } from './assistanceFixtures'
import { fakeApi, json, me, problem, wait } from './helpers'

// The claim asks first; the question itself is Element Plus's.
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

function choosePhotos(files: File[]): void {
  const input = document.querySelector<HTMLInputElement>('[data-testid=visit-photo-input]')
  if (!input) throw new Error('no photo input')
  Object.defineProperty(input, 'files', { value: files, configurable: true })
  input.dispatchEvent(new Event('change'))
}

function signIn(permissions: readonly string[]): void {
  useAuthStore().$patch({ accessToken: 't', user: me({ permissions: [...permissions] as never }) })
}

describe('pairing assistance dialogs', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setLocale('zh-CN')
    vi.stubGlobal('ASYNC_VALIDATOR_NO_WARNING', 1)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('reveals a household’s sensitive data only after a reason, in the dialog alone', async () => {
    const seen = fakeApi([json({ household_id: 7, id_number: '11010519491231002X', phone: '13904830042', situation: '老伴去世，独自抚养孙子' })])
    const wrapper = mount(HouseholdRevealDialog, {
      props: { modelValue: true, household: household() },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(document.body.textContent).toContain('每次查看都会记录查看人和原因')
    expect(document.body.textContent).toContain('110***********002X')
    await submitForm()
    expect(errorOf('查看原因')).toBe('请填写原因')
    expect(seen).toHaveLength(0)

    type('查看原因', '核对低保申报材料')
    await submitForm()
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/households/7/reveal' })
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ reason: '核对低保申报材料' })
    expect(document.querySelector('[data-testid=revealed-id]')?.textContent).toBe('11010519491231002X')
    expect(document.querySelector('[data-testid=revealed-phone]')?.textContent).toBe('13904830042')
    expect(document.querySelector('[data-testid=revealed-situation]')?.textContent).toBe('老伴去世，独自抚养孙子')
    wrapper.unmount()
  })

  it('shows each role only the ledger actions it may take', async () => {
    vi.stubGlobal('fetch', vi.fn())
    const rows = [household(), household({ id: 8, household_no: 'H2026000008', status: 'lifted', overdue: true })]
    const buttons = () => [...document.querySelectorAll('.el-table__body-wrapper button')].map((b) => b.textContent?.trim())
    const cases: [readonly string[], string[]][] = [
      [ROLE_PERMISSIONS.grid_worker, ['H2026000007', '详情', '编辑', 'H2026000008', '详情', '编辑', '归档']],
      [ROLE_PERMISSIONS.area_admin, ['H2026000007', '详情', '编辑', '查看敏感信息', 'H2026000008', '详情', '编辑', '查看敏感信息', '归档']],
    ]
    for (const [permissions, expected] of cases) {
      signIn(permissions)
      const wrapper = mount(HouseholdTable, {
        props: { rows, loading: false, emptyText: '' },
        global: { plugins: [i18n], directives: { permission: vPermission } },
        attachTo: document.body,
      })
      await flushPromises()
      expect(buttons()).toEqual(expected)
      expect(document.querySelector('[data-testid=masked-id]')?.textContent).toBe('110***********002X')
      expect(document.querySelectorAll('[data-testid=household-overdue]')).toHaveLength(1)
      wrapper.unmount()
      document.body.innerHTML = ''
    }
  })

  it('shows an overdue pairing in red with its days, and the actions of the role', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(2026, 10, 25, 10))
    try {
      signIn(ROLE_PERMISSIONS.grid_worker)
      const wrapper = mount(PairingCards, {
        props: { pairings: [pairing({ due_on: '2026-11-20', overdue: true }), pairing({ id: 12, status: 'ended', end_reason: '已脱困' })] },
        global: { plugins: [i18n] },
        attachTo: document.body,
      })
      await flushPromises()
      expect(document.querySelector('[data-testid=pairing-overdue]')?.textContent?.trim()).toBe('逾期 5 天')
      expect([...document.querySelectorAll('[data-testid=pairing-card] button')].map((b) => b.textContent?.trim())).toEqual(['记录走访'])
      wrapper.unmount()
      document.body.innerHTML = ''

      signIn(ROLE_PERMISSIONS.area_admin)
      const again = mount(PairingCards, { props: { pairings: [pairing()] }, global: { plugins: [i18n] }, attachTo: document.body })
      await flushPromises()
      expect([...document.querySelectorAll('[data-testid=pairing-card] button')].map((b) => b.textContent?.trim())).toEqual([
        '记录走访', '编辑', '结束结对',
      ])
      again.unmount()
    } finally {
      vi.useRealTimers()
    }
  })

  it('says in Chinese what a visit lacks, and what is wrong with a chosen photo', async () => {
    const seen = fakeApi([])
    const wrapper = mount(VisitFormDialog, {
      props: { modelValue: true, pairings: [pairing()] },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(document.body.textContent).toContain('阿拉善右旗人民医院')
    const paperwork = [...document.querySelectorAll<HTMLInputElement>('[data-testid=visit-kind] input')].find((i) => i.value === 'paperwork')
    paperwork?.click()
    await flushPromises()
    await submitForm()
    expect(errorOf('帮扶内容')).toBe('请填写帮扶内容')
    expect(errorOf('代办事项')).toBe('请选择代办的事项')

    choosePhotos([
      new File(['GIF89a'], 'scan.gif', { type: 'image/gif' }),
      new File([new Uint8Array(6 * 1024 * 1024)], 'big.jpg', { type: 'image/jpeg' }),
    ])
    await flushPromises()
    const refused = [...document.querySelectorAll('[data-testid=visit-photos] .el-alert')].map((a) => a.textContent?.trim())
    expect(refused[0]).toContain('“scan.gif”不是 JPG、PNG 或 WebP 格式的图片')
    expect(refused[1]).toContain('“big.jpg”大小为 6 MB，超过 5 MB 的上限')
    expect(seen).toHaveLength(0)
    wrapper.unmount()
  })

  it('records the visit, then sends its photos one by one as raw images', async () => {
    const seen = fakeApi([
      json(visit({ id: 31, content: '送去米面油' }), 201),
      json({ id: 1, visit_id: 31, content_type: 'image/jpeg', byte_size: 4 }, 201),
      json({ id: 2, visit_id: 31, content_type: 'image/png', byte_size: 4 }, 201),
    ])
    const wrapper = mount(VisitFormDialog, {
      props: { modelValue: true, pairings: [pairing()], pairingId: 11 },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    type('帮扶内容', ' 送去米面油 ')
    choosePhotos([new File(['jpeg'], 'a.jpg', { type: 'image/jpeg' }), new File(['png!'], 'b.png', { type: 'image/png' })])
    await flushPromises()
    expect(document.body.textContent).toContain('已选 2/9 张')
    await submitForm()
    await wait(50)
    expect(seen.map((s) => `${s.method} ${s.url} ${s.contentType}`)).toEqual([
      'POST /api/v1/pairings/11/visits application/json',
      'POST /api/v1/visits/31/photos image/jpeg',
      'POST /api/v1/visits/31/photos image/png',
    ])
    expect(JSON.parse(seen[0]?.body ?? '{}')).toMatchObject({ kind: 'visit', content: '送去米面油', paperwork: null })
    expect(seen[1]?.body).toBe('jpeg')
    expect(wrapper.emitted('recorded')?.[0]?.[0]).toMatchObject({ id: 31 })
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false])
    wrapper.unmount()
  })

  it('keeps the saved visit and offers to send again the photos the server refused', async () => {
    const seen = fakeApi([
      json(visit({ id: 31 }), 201),
      problem(415, 'unsupported_media_type'),
      json({ id: 3, visit_id: 31, content_type: 'image/jpeg', byte_size: 4 }, 201),
    ])
    const wrapper = mount(VisitFormDialog, {
      props: { modelValue: true, pairings: [pairing()], pairingId: 11 },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    type('帮扶内容', '上门走访')
    choosePhotos([new File(['jpeg'], 'a.jpg', { type: 'image/jpeg' })])
    await flushPromises()
    await submitForm()
    expect(document.body.textContent).toContain('走访记录已保存，部分照片未上传')
    expect(document.body.textContent).toContain('1 张照片上传失败：请求类型不受支持')
    expect(wrapper.emitted('recorded')).toBeUndefined()

    await submitForm()
    await wait(50)
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /api/v1/pairings/11/visits',
      'POST /api/v1/visits/31/photos',
      'POST /api/v1/visits/31/photos',
    ])
    expect(wrapper.emitted('recorded')).toHaveLength(1)
    wrapper.unmount()
  })

  it('tells a helper plainly when someone else claimed the wish first', async () => {
    const seen = fakeApi([problem(409, 'already_claimed')])
    expect(await claim(wish())).toBe('stale')
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/wishes/5/claim', body: '{}' })
    await flushPromises()
    expect(document.querySelector('.el-message')?.textContent).toContain('该心愿已被其他人认领')
  })
})
