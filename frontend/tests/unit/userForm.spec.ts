import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DOMWrapper, flushPromises, mount } from '@vue/test-utils'
import type { CreatedUser, Me } from '@/api/types'
import { i18n, setLocale } from '@/locales'
import UserFormDialog from '@/views/users/UserFormDialog.vue'

vi.mock('@/api/areas', () => ({
  getAreaTree: vi.fn(async () => [
    { id: 4, code: '152922100001', name: '巴丹吉林社区', kind: 'community', children: [] },
  ]),
}))
const createUser = vi.fn()
vi.mock('@/api/users', () => ({
  createUser: (...args: unknown[]) => createUser(...args),
  getUser: vi.fn(),
  updateUser: vi.fn(),
}))

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const communityAdmin: Pick<Me, 'id' | 'area' | 'permissions'> = {
  id: 4,
  area: { id: 4, code: '152922100001', name: '巴丹吉林社区', kind: 'community' },
  permissions: ['areas.read', 'users.read', 'users.write'],
}

function field(label: string): DOMWrapper<HTMLInputElement> {
  const item = [...document.body.querySelectorAll('.el-form-item')].find(
    (el) => el.querySelector('.el-form-item__label')?.textContent?.trim() === label,
  )
  if (!item) throw new Error(`no field ${label}`)
  return new DOMWrapper(item.querySelector('input') as HTMLInputElement)
}

describe('UserFormDialog (新增账号)', () => {
  beforeEach(() => {
    setLocale('zh-CN')
    // Element Plus's validator reports every failed rule on the console; the test reads them on the page.
    vi.stubGlobal('ASYNC_VALIDATOR_NO_WARNING', 1)
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('creates a grid worker in the caller’s own area by default, sending a typed username in lower case', async () => {
    const created = { id: 12, username: 'wang.xm', temporary_password: 'Tmp-Pass-1' } as CreatedUser
    createUser.mockResolvedValue(created)
    const wrapper = mount(UserFormDialog, {
      props: { caller: communityAdmin, modelValue: true },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    await field('账号').setValue('Wang.XM')
    await field('姓名').setValue(' 王小明 ')
    document.body.querySelector('form')?.dispatchEvent(new Event('submit'))
    await wait(50)
    await flushPromises()

    expect(createUser).toHaveBeenCalledWith({
      username: 'wang.xm',
      display_name: '王小明',
      phone: null,
      role: 'grid_worker',
      area_id: 4,
      password: null,
    })
    expect(wrapper.emitted('created')?.[0]).toEqual([created])
    expect(wrapper.emitted('update:modelValue')?.[0]).toEqual([false])
    wrapper.unmount()
  })

  it('sends nothing while the form breaks its own rules', async () => {
    createUser.mockReset()
    const wrapper = mount(UserFormDialog, {
      props: { caller: communityAdmin, modelValue: true },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    await field('账号').setValue('ab')
    await field('姓名').setValue('王小明')
    await field('手机号').setValue('12345')
    document.body.querySelector('form')?.dispatchEvent(new Event('submit'))
    await wait(200)
    await flushPromises()

    expect(createUser).not.toHaveBeenCalled()
    const errors = [...document.body.querySelectorAll('.el-form-item__error')].map((el) => el.textContent?.trim())
    expect(errors).toContain('账号为 3～32 位小写字母、数字、下划线、点或短横线')
    expect(errors).toContain('请输入正确的手机号或带区号的固定电话')
    wrapper.unmount()
  })
})
