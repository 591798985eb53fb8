import { describe, expect, it } from 'vitest'
import { HOUSEHOLD_CATEGORIES, HOUSEHOLD_STATUSES, PERMISSIONS, type Permission } from '@/api/types'
import { householdExportPath } from '@/api/households'
import zhCN from '@/locales/zh-CN'
import en from '@/locales/en'
import { cleanMembers, createBody, emptyForm, formOf, memberProblem, updateBody } from '@/views/households/householdForm'
import { HOUSEHOLD_FILTERS, householdActionsOf, ledgerActionsOf } from '@/views/households/householdList'
import { household, ROLE_PERMISSIONS } from './assistanceFixtures'

describe('what each role may do on the ledger', () => {
  it('shows create to the three staff roles, the plain export to admins, the erase run to the system admin', () => {
    expect(ledgerActionsOf(ROLE_PERMISSIONS.admin)).toEqual({ create: true, exportPlain: true, retention: true })
    expect(ledgerActionsOf(ROLE_PERMISSIONS.area_admin)).toEqual({ create: true, exportPlain: true, retention: false })
    expect(ledgerActionsOf(ROLE_PERMISSIONS.grid_worker)).toEqual({ create: true, exportPlain: false, retention: false })
    expect(ledgerActionsOf(ROLE_PERMISSIONS.volunteer)).toEqual({ create: false, exportPlain: false, retention: false })
  })

  it('lets grid workers edit but not reveal; community admins reveal, export personal data and pair', () => {
    expect(householdActionsOf(household(), ROLE_PERMISSIONS.grid_worker)).toEqual({
      edit: true, reveal: false, archive: false, personalData: false, pair: false,
    })
    expect(householdActionsOf(household(), ROLE_PERMISSIONS.area_admin)).toEqual({
      edit: true, reveal: true, archive: false, personalData: true, pair: true,
    })
    expect(householdActionsOf(household(), ROLE_PERMISSIONS.unit_contact)).toEqual({
      edit: false, reveal: false, archive: false, personalData: false, pair: false,
    })
  })

  it('archives only a household no longer helped, and treats an archived one as history', () => {
    const lifted = household({ status: 'lifted' })
    expect(householdActionsOf(lifted, ROLE_PERMISSIONS.grid_worker).archive).toBe(true)
    expect(householdActionsOf(lifted, ROLE_PERMISSIONS.area_admin).pair).toBe(false)
    const archived = household({ status: 'moved', archived_at: '2026-11-01T00:00:00Z' })
    expect(householdActionsOf(archived, ROLE_PERMISSIONS.area_admin)).toEqual({
      edit: false, reveal: true, archive: false, personalData: true, pair: false,
    })
    const erased = household({ status: 'moved', archived_at: '2026-01-01T00:00:00Z', erased_at: '2026-11-01T00:00:00Z' })
    expect(householdActionsOf(erased, ROLE_PERMISSIONS.admin)).toMatchObject({ reveal: false, personalData: false })
  })

  it('reads its filters from the URL and exports what it lists, plain only when asked', () => {
    expect(HOUSEHOLD_FILTERS.category('disability')).toBe('disability')
    expect(HOUSEHOLD_FILTERS.category('poor')).toBeUndefined()
    expect(HOUSEHOLD_FILTERS.status('deceased')).toBe('deceased')
    expect(HOUSEHOLD_FILTERS.archived('false')).toBe(false)
    expect(HOUSEHOLD_FILTERS.overdue('true')).toBe(true)
    expect(householdExportPath({ area_id: 6, overdue: true, sort: '-created_at' })).toBe(
      '/api/v1/households/export?area_id=6&overdue=true&sort=-created_at',
    )
    expect(householdExportPath({ plain: true, reason: '核对 材料' })).toBe('/api/v1/households/export?plain=true&reason=%E6%A0%B8%E5%AF%B9+%E6%9D%90%E6%96%99')
  })
})

describe('the household form', () => {
  it('sends a new household trimmed, blank members dropped, the number upper-cased, blank sealed fields as null', () => {
    const form = {
      ...emptyForm(6), head_name: ' 张桂兰 ', id_number: '11010519491231002x', categories: ['elderly_alone' as const, 'elderly_alone' as const],
      members: [{ name: ' 李小明 ', relation: ' 孙子 ', age: 9 }, { name: '', relation: '', age: undefined }],
    }
    expect(createBody({ ...form, area_id: 6 })).toEqual({
      head_name: '张桂兰', id_number: '11010519491231002X', phone: null, situation: null,
      members: [{ name: '李小明', relation: '孙子', age: 9 }], area_id: 6, address: null, categories: ['elderly_alone'],
    })
  })

  it('edits: sealed fields start blank and stay unless typed; only changes are sent', () => {
    const h = household()
    const form = formOf(h)
    expect(form.id_number).toBe('')
    expect(form.phone).toBe('')
    expect(form.situation).toBe('')
    expect(updateBody(h, form)).toEqual({})
    form.categories = ['minimum_living', 'elderly_alone']
    expect(updateBody(h, form)).toEqual({})
    form.status = 'lifted'
    form.phone = ' 13904830099 '
    form.members.push({ name: '王芳', relation: '女儿', age: undefined })
    expect(updateBody(h, form)).toEqual({
      status: 'lifted', phone: '13904830099',
      members: [{ name: '李小明', relation: '孙子', age: 9 }, { name: '王芳', relation: '女儿', age: null }],
    })
  })

  it('says what is wrong with a member row; a wholly blank row is fine', () => {
    expect(memberProblem({ name: '', relation: '', age: undefined })).toBeNull()
    expect(memberProblem({ name: '', relation: '孙子', age: undefined })).toBe('name')
    expect(memberProblem({ name: '李小明', relation: ' ', age: undefined })).toBe('relation')
    expect(memberProblem({ name: '李小明', relation: '孙子', age: 131 })).toBe('age')
    expect(memberProblem({ name: '李小明', relation: '孙子', age: 0 })).toBeNull()
    expect(cleanMembers([{ name: ' a ', relation: 'b', age: 3.4 }])).toEqual([{ name: 'a', relation: 'b', age: 3 }])
  })
})

describe('labels', () => {
  it('names the categories and statuses in Chinese as the ledger does', () => {
    expect(HOUSEHOLD_CATEGORIES.map((c) => zhCN.enums.householdCategory[c])).toEqual([
      '低保', '特困', '残疾', '独居老人', '留守儿童', '大病', '失业', '其他',
    ])
    expect(HOUSEHOLD_STATUSES.map((s) => zhCN.enums.householdStatus[s])).toEqual(['帮扶中', '已脱困', '已迁出', '已故'])
  })

  it('labels the new permissions in both languages', () => {
    const added: Permission[] = ['households.read', 'households.write', 'households.reveal', 'households.erase', 'pairings.write', 'pairings.self']
    for (const permission of added) {
      expect(PERMISSIONS).toContain(permission)
      const key = permission.replace('.', '_') as keyof typeof zhCN.enums.permission
      expect(zhCN.enums.permission[key], permission).toBeTruthy()
      expect(en.enums.permission[key], permission).toBeTruthy()
    }
  })

  it('explains the new refusals in Chinese', () => {
    expect(zhCN.errors.code.already_claimed).toContain('已被其他人认领')
    expect(zhCN.errors.code.already_paired).toContain('已与这户家庭结对')
    expect(zhCN.errors.code.too_many_photos).toContain('9 张')
    expect(zhCN.enums.auditAction.reveal).toBe('查看敏感信息')
    expect(zhCN.enums.auditEntity.household).toBe('困难家庭')
  })
})
