import { describe, expect, it } from 'vitest'
import type { PartyOrg, PartyOrgNode } from '@/api/types'
import {
  allowedKinds,
  childKindOf,
  countOrgs,
  filterOrgs,
  indexOrgs,
  mayReportTo,
  subtreeIds,
} from '@/views/partyOrgs/partyOrgRules'
import { toRows } from '@/views/partyOrgs/partyOrgRows'

function node(id: number, name: string, kind: PartyOrgNode['kind'], children: PartyOrgNode[] = []): PartyOrgNode {
  return { id, name, kind, area_id: 4, member_count: 10, parent_id: null, unit_id: null, children }
}

const forest = [
  node(1, '巴丹吉林社区党委', 'committee', [
    node(2, '第一网格党支部', 'branch', [node(3, '第一网格第一党小组', 'group')]),
    node(4, '第二网格党支部', 'branch'),
  ]),
  node(5, '人民医院党总支', 'general_branch'),
]

describe('party organisation ranks', () => {
  it('lets an organisation report only to a higher rank, not necessarily the next', () => {
    expect(mayReportTo('committee', 'group')).toBe(true)
    expect(mayReportTo('branch', 'branch')).toBe(false)
    expect(mayReportTo('group', 'branch')).toBe(false)
  })

  it('offers the kinds between the parent and the children', () => {
    expect(allowedKinds(undefined)).toEqual(['committee', 'general_branch', 'branch', 'group'])
    expect(allowedKinds('general_branch')).toEqual(['branch', 'group'])
    expect(allowedKinds('committee', ['group'])).toEqual(['general_branch', 'branch'])
    expect(allowedKinds('branch', ['group'])).toEqual([])
  })

  it('proposes the next rank down for a new child', () => {
    expect(childKindOf(undefined)).toBe('committee')
    expect(childKindOf('committee')).toBe('general_branch')
    expect(childKindOf('group')).toBe('group')
  })
})

describe('party organisation forest', () => {
  it('indexes nodes with their parents and finds a subtree', () => {
    const index = indexOrgs(forest)
    expect(index.get(3)?.parent?.id).toBe(2)
    expect(index.get(5)?.parent).toBeUndefined()
    const root = index.get(1)?.node
    expect(root && [...subtreeIds(root)].sort()).toEqual([1, 2, 3, 4])
    expect(countOrgs(forest)).toBe(5)
  })

  it('filters by name, keeping the way down to a match', () => {
    const found = filterOrgs(forest, '第一党小组')
    expect(found.map((n) => n.id)).toEqual([1])
    expect(found[0]?.children.map((n) => n.id)).toEqual([2])
    expect(found[0]?.children[0]?.children.map((n) => n.id)).toEqual([3])
    expect(filterOrgs(forest, '  ')).toHaveLength(2)
    expect(filterOrgs(forest, '不存在')).toEqual([])
  })

  it('joins the details of the list onto the tree', () => {
    const detail = {
      id: 2,
      name: '第一网格党支部',
      kind: 'branch',
      area: { id: 6, code: '152922100001001', name: '第一网格', kind: 'grid' },
      unit: { id: 1, name: '阿拉善右旗人民医院' },
      secretary: '陈玉梅',
      member_count: 18,
      version: 1,
      created_at: '',
      updated_at: '',
    } satisfies PartyOrg
    const rows = toRows(forest, new Map([[2, detail]]))
    const branch = rows[0]?.children[0]
    expect(branch).toMatchObject({ secretary: '陈玉梅', areaName: '第一网格', unitName: '阿拉善右旗人民医院' })
    expect(rows[0]).toMatchObject({ secretary: null, areaName: '', unitName: null })
  })
})
