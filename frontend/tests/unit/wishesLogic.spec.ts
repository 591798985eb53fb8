import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '@/api/problem'
import { WISH_STATUSES } from '@/api/types'
import zhCN from '@/locales/zh-CN'
import { setLocale } from '@/locales'
import { claimForBody, createBody, emptyWish } from '@/views/wishes/wishForm'
import { refused } from '@/views/wishes/wishActions'
import { boardActionsOf, WISH_FILTERS, wishActionsOf } from '@/views/wishes/wishList'
import { ROLE_PERMISSIONS, wish } from './assistanceFixtures'
import { settle } from './helpers'

describe('what each role may do on the wish board', () => {
  it('lets staff publish and helpers claim; helpers never see households', () => {
    expect(boardActionsOf(ROLE_PERMISSIONS.area_admin)).toEqual({ create: true, helper: false })
    expect(boardActionsOf(ROLE_PERMISSIONS.grid_worker)).toEqual({ create: true, helper: false })
    expect(boardActionsOf(ROLE_PERMISSIONS.volunteer)).toEqual({ create: false, helper: true })
    expect(boardActionsOf(ROLE_PERMISSIONS.unit_contact)).toEqual({ create: false, helper: true })
  })

  it('offers claim to helpers and claim-for and withdraw to staff on an open wish', () => {
    expect(wishActionsOf(wish(), ROLE_PERMISSIONS.volunteer)).toEqual({ claim: true, claimFor: false, fulfil: false, cancel: false })
    expect(wishActionsOf(wish(), ROLE_PERMISSIONS.grid_worker)).toEqual({ claim: false, claimFor: true, fulfil: false, cancel: true })
  })

  it('offers fulfil on a claimed wish (a helper sees only their own claimed ones), nothing once it is over', () => {
    expect(wishActionsOf(wish({ status: 'claimed' }), ROLE_PERMISSIONS.unit_contact)).toEqual({ claim: false, claimFor: false, fulfil: true, cancel: false })
    expect(wishActionsOf(wish({ status: 'claimed' }), ROLE_PERMISSIONS.area_admin)).toEqual({ claim: false, claimFor: false, fulfil: true, cancel: true })
    for (const status of ['fulfilled', 'cancelled'] as const) {
      expect(wishActionsOf(wish({ status }), ROLE_PERMISSIONS.admin)).toEqual({ claim: false, claimFor: false, fulfil: false, cancel: false })
      expect(wishActionsOf(wish({ status }), ROLE_PERMISSIONS.volunteer)).toEqual({ claim: false, claimFor: false, fulfil: false, cancel: false })
    }
  })

  it('reads its filters from the URL and names the statuses in Chinese', () => {
    expect(WISH_FILTERS.status('claimed')).toBe('claimed')
    expect(WISH_FILTERS.status('done')).toBeUndefined()
    expect(WISH_FILTERS.mine('true')).toBe(true)
    expect(WISH_STATUSES.map((s) => zhCN.enums.wishStatus[s])).toEqual(['待认领', '已认领', '已实现', '已撤销'])
  })
})

describe('wish bodies', () => {
  it('publishes trimmed, a blank description as null', () => {
    expect(createBody({ ...emptyWish(7), household_id: 7, title: ' 一个新书包 ', description: ' ' })).toEqual({
      household_id: 7, title: '一个新书包', description: null,
    })
  })

  it('claims for the unit or the volunteer of the kind chosen, nothing while none is picked', () => {
    expect(claimForBody({ kind: 'unit', unit_id: 1, volunteer_id: 42 })).toEqual({ unit_id: 1 })
    expect(claimForBody({ kind: 'volunteer', unit_id: 1, volunteer_id: 42 })).toEqual({ volunteer_id: 42 })
    expect(claimForBody({ kind: 'volunteer', unit_id: 1, volunteer_id: undefined })).toBeUndefined()
  })
})

describe('a claim someone else made first', () => {
  beforeEach(() => setLocale('zh-CN'))
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('says so in Chinese and asks for a reload', async () => {
    expect(refused(new ApiError({ status: 409, code: 'already_claimed', message: 'claimed' }))).toBe('stale')
    await settle()
    expect(document.querySelector('.el-message')?.textContent).toContain('手慢了，该心愿已被其他人认领，请看看其他心愿')
  })

  it('leaves other failures to the usual toast, without a reload', async () => {
    expect(refused(new ApiError({ status: 403, code: 'forbidden', message: 'no' }))).toBeNull()
    await settle()
    expect(document.querySelector('.el-message')?.textContent).toContain('您没有执行此操作的权限')
  })
})
