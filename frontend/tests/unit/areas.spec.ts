import { describe, expect, it } from 'vitest'
import type { Area, AreaNode } from '@/api/types'
import {
  ancestorIds,
  checkCode,
  childKindOf,
  codePrefix,
  creatableKinds,
  indexTree,
  matchesArea,
  PHONE_PATTERN,
  subtreeIds,
  suggestMovedCode,
} from '@/views/areas/areaRules'
import { createBody, emptyForm, formOf, updateBody } from '@/views/areas/areaForm'
import { codeHint, codeProblemText } from '@/views/areas/codeText'
import { setLocale } from '@/locales'

function node(id: number, kind: AreaNode['kind'], code: string, children: AreaNode[] = []): AreaNode {
  return { id, kind, code, name: `${kind}-${id}`, children }
}

const tree: AreaNode[] = [
  node(1, 'district', '152922000000', [
    node(2, 'street', '152922100000', [
      node(4, 'community', '152922100001', [node(6, 'grid', '152922100001001', [node(8, 'building', '152922100001001001')])]),
      node(5, 'community', '152922100002'),
    ]),
    node(3, 'street', '152922101000'),
  ]),
]

function area(overrides: Partial<Area> = {}): Area {
  return {
    id: 6,
    code: '152922100001001',
    name: '第一网格',
    kind: 'grid',
    parent_id: 4,
    depth: 3,
    households: 120,
    population: 360,
    leader_name: '张三',
    leader_phone: '13800138000',
    version: 3,
    created_at: '2026-05-01T00:00:00Z',
    updated_at: '2026-05-01T00:00:00Z',
    ...overrides,
  }
}

describe('which kind fits under which parent', () => {
  it('follows district → street → community → grid → building', () => {
    expect(childKindOf('district')).toBe('street')
    expect(childKindOf('street')).toBe('community')
    expect(childKindOf('community')).toBe('grid')
    expect(childKindOf('grid')).toBe('building')
    expect(childKindOf('building')).toBeNull()
  })

  it('offers exactly the fitting kind, and districts only to system-wide callers', () => {
    expect(creatableKinds('street', false)).toEqual(['community'])
    expect(creatableKinds('building', true)).toEqual([])
    expect(creatableKinds(null, true)).toEqual(['district'])
    expect(creatableKinds(null, false)).toEqual([])
  })
})

describe('area codes', () => {
  it('gives the prefix a new code must start with', () => {
    expect(codePrefix('street', '152922000000')).toBe('152922')
    expect(codePrefix('community', '152922100000')).toBe('152922100')
    expect(codePrefix('grid', '152922100001')).toBe('152922100001')
    expect(codePrefix('building', '152922100001001')).toBe('152922100001001')
    expect(codePrefix('district', null)).toBe('')
  })

  it('mirrors the server: 12 digits for statistical codes, sharing 6 or 9 with the parent', () => {
    const district = { kind: 'district' as const, code: '152922000000' }
    const street = { kind: 'street' as const, code: '152922100000' }
    expect(checkCode('district', '152922000000', null)).toBeNull()
    expect(checkCode('district', '15292200000', null)).toBe('invalid_code')
    expect(checkCode('street', '15292210000a', district)).toBe('invalid_code')
    expect(checkCode('street', '152922101000', district)).toBeNull()
    expect(checkCode('street', '152923101000', district)).toBe('code_outside_parent')
    expect(checkCode('community', '152922100009', street)).toBeNull()
    expect(checkCode('community', '152922101009', street)).toBe('code_outside_parent')
  })

  it('mirrors the server: grids and buildings extend the parent with 13 to 24 digits', () => {
    const community = { kind: 'community' as const, code: '152922100001' }
    expect(checkCode('grid', '152922100001001', community)).toBeNull()
    expect(checkCode('grid', '152922100001', community)).toBe('invalid_code')
    expect(checkCode('grid', '1529221000010011234567890', community)).toBe('invalid_code')
    expect(checkCode('grid', '152922100002001', community)).toBe('code_outside_parent')
    expect(checkCode('grid', '152922100002001', null)).toBeNull()
  })

  it('suggests a code under a new parent by swapping the shared digits', () => {
    expect(suggestMovedCode('grid', '152922100001001', '152922100001', '152922100002')).toBe('152922100002001')
    expect(suggestMovedCode('community', '152922100001', '152922100000', '152922101000')).toBe('152922101001')
    expect(suggestMovedCode('grid', '999', '152922100001', '152922100002')).toBeNull()
    expect(suggestMovedCode('grid', '152922100001001', '152922100001', '152922100001')).toBeNull()
    expect(suggestMovedCode('grid', '152922100001001', undefined, '152922100002')).toBeNull()
  })

  it('explains the rule and the fault in Chinese, with the parent prefix', () => {
    setLocale('zh-CN')
    expect(codeHint('community', '152922100000')).toContain('152922100')
    expect(codeHint('grid', '152922100001')).toBe('在上级编码 152922100001 后加本地编号，共 13～24 位数字')
    expect(codeHint('', null)).toBe('')
    expect(codeProblemText('code_outside_parent', 'street', '152922000000')).toBe('编码前 6 位须与所属区/旗相同（152922）')
    expect(codeProblemText('invalid_code', 'building', '152922100001001')).toBe('编码须为 13～24 位数字')
  })
})

describe('phone numbers', () => {
  it('accepts mainland mobiles and landlines with an area code, as the server does', () => {
    for (const ok of ['13800138000', '010-12345678', '0483-1234567', '04831234567', '010-12345678-123']) {
      expect(PHONE_PATTERN.test(ok), ok).toBe(true)
    }
    for (const bad of ['12345678901', '1380013800', '12345678', '010-123', '+8613800138000']) {
      expect(PHONE_PATTERN.test(bad), bad).toBe(false)
    }
  })
})

describe('the tree', () => {
  const index = indexTree(tree)

  it('finds ancestors and whole subtrees', () => {
    expect(ancestorIds(index, 8)).toEqual([1, 2, 4, 6])
    expect(ancestorIds(index, 1)).toEqual([])
    expect([...subtreeIds(index.get(4)!.node)].sort()).toEqual([4, 6, 8])
  })

  it('searches names and codes', () => {
    expect(matchesArea('100001', { name: '巴丹吉林社区', code: '152922100001' })).toBe(true)
    expect(matchesArea('吉林', { name: '巴丹吉林社区', code: '152922100001' })).toBe(true)
    expect(matchesArea('  ', { name: 'x', code: '1' })).toBe(true)
    expect(matchesArea('网格', { name: '巴丹吉林社区', code: '152922100001' })).toBe(false)
  })
})

describe('request bodies', () => {
  it('sends grid fields only for grids and buildings, blanks as null', () => {
    const form = { ...emptyForm(), parent_id: 2, kind: 'community' as const, code: ' 152922100003 ', name: ' 新社区 ', households: 5 }
    expect(createBody(form)).toEqual({ kind: 'community', code: '152922100003', name: '新社区', parent_id: 2 })
    const grid = { ...emptyForm(), parent_id: 4, kind: 'grid' as const, code: '152922100001002', name: '二网格', leader_name: ' ' }
    expect(createBody(grid)).toEqual({
      kind: 'grid',
      code: '152922100001002',
      name: '二网格',
      parent_id: 4,
      households: null,
      population: null,
      leader_name: null,
      leader_phone: null,
    })
  })

  it('patches only what changed', () => {
    const current = area()
    expect(updateBody(current, formOf(current))).toEqual({})
    const form = { ...formOf(current), name: '第一网格（新）', leader_phone: '', population: null }
    expect(updateBody(current, form)).toEqual({ name: '第一网格（新）', leader_phone: null, population: null })
    const community = area({ kind: 'community', code: '152922100001', households: null, population: null })
    expect(updateBody(community, { ...formOf(community), households: 3 })).toEqual({})
  })
})
