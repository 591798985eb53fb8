import type { AreaKind, AreaNode } from '@/api/types'

/**
 * The rules of the area tree (区域树) as the server applies them, so a form
 * can guide the user before sending. The server stays the judge: what it
 * refuses is shown at the field all the same.
 */

/** The kind a parent must have; null for a district, which is a root. */
export const PARENT_KIND: Readonly<Record<AreaKind, AreaKind | null>> = {
  district: null,
  street: 'district',
  community: 'street',
  grid: 'community',
  building: 'grid',
}

/** The level of each kind: 0 for a district to 4 for a building (the API's `depth`). */
export const KIND_DEPTH: Readonly<Record<AreaKind, number>> = {
  district: 0,
  street: 1,
  community: 2,
  grid: 3,
  building: 4,
}

/** The kind that goes under an area of `kind`; null under a building. */
export function childKindOf(kind: AreaKind): AreaKind | null {
  const found = (Object.keys(PARENT_KIND) as AreaKind[]).find((child) => PARENT_KIND[child] === kind)
  return found ?? null
}

/**
 * The kinds that may be created under `parentKind` (null: at the top of the
 * tree, a district, which only a caller with system-wide reach may create).
 */
export function creatableKinds(parentKind: AreaKind | null, systemWide: boolean): AreaKind[] {
  if (parentKind === null) return systemWide ? ['district'] : []
  const child = childKindOf(parentKind)
  return child ? [child] : []
}

/** Districts, streets and communities carry the 12-digit statistical division code (统计用区划代码). */
export function hasStatisticalCode(kind: AreaKind): boolean {
  return kind === 'district' || kind === 'street' || kind === 'community'
}

/** Households, population and a leader belong to grids and buildings. */
export function hasGridFields(kind: AreaKind): boolean {
  return kind === 'grid' || kind === 'building'
}

export const STATISTICAL_CODE_LENGTH = 12
export const LOCAL_CODE_MIN = 13
export const LOCAL_CODE_MAX = 24

/** How many leading digits a code shares with its parent's: 6 (street), 9 (community), all (grid, building). */
function sharedDigits(kind: AreaKind, parentCode: string): number {
  switch (kind) {
    case 'district':
      return 0
    case 'street':
      return 6
    case 'community':
      return 9
    default:
      return parentCode.length
  }
}

/**
 * The digits a new code must begin with under a parent of this code:
 * a street's district's first 6, a community's street's first 9, a grid's
 * or building's parent's whole code. Empty when there is no parent.
 */
export function codePrefix(kind: AreaKind, parentCode: string | null | undefined): string {
  if (!parentCode) return ''
  return parentCode.slice(0, sharedDigits(kind, parentCode))
}

export type CodeProblem = 'invalid_code' | 'code_outside_parent'

/** What the server would say about `code` for an area of `kind` under `parent`; null when it fits. */
export function checkCode(
  kind: AreaKind,
  code: string,
  parent: { kind: AreaKind; code: string } | null | undefined,
): CodeProblem | null {
  const digits = /^\d+$/.test(code)
  if (hasStatisticalCode(kind)) {
    if (!digits || code.length !== STATISTICAL_CODE_LENGTH) return 'invalid_code'
    const shared = sharedDigits(kind, parent?.code ?? '')
    if (parent && hasStatisticalCode(parent.kind) && shared > 0 && parent.code.length >= shared) {
      if (code.slice(0, shared) !== parent.code.slice(0, shared)) return 'code_outside_parent'
    }
    return null
  }
  if (!digits || code.length < LOCAL_CODE_MIN || code.length > LOCAL_CODE_MAX) return 'invalid_code'
  if (parent && (!code.startsWith(parent.code) || code.length === parent.code.length)) return 'code_outside_parent'
  return null
}

/**
 * A code for an area that moves from one parent to another: the digits it
 * shared with the old parent replaced by the new parent's. Null when the
 * code did not follow the old parent or nothing would change.
 */
export function suggestMovedCode(
  kind: AreaKind,
  code: string,
  oldParentCode: string | null | undefined,
  newParentCode: string | null | undefined,
): string | null {
  if (!oldParentCode || !newParentCode) return null
  const oldPrefix = codePrefix(kind, oldParentCode)
  const newPrefix = codePrefix(kind, newParentCode)
  if (!code.startsWith(oldPrefix)) return null
  const suggested = newPrefix + code.slice(oldPrefix.length)
  return suggested === code ? null : suggested
}

export { PHONE_PATTERN } from '@/utils/phone'

export const NAME_MAX = 100
export const LEADER_NAME_MAX = 50
export const CODE_MAX = 32
export const HOUSEHOLDS_MAX = 1_000_000
export const POPULATION_MAX = 10_000_000

/** A node of the caller's tree with its place in it. */
export interface TreeEntry {
  node: AreaNode
  parent: AreaNode | null
}

/** Every node of a tree by id. */
export function indexTree(roots: readonly AreaNode[]): Map<number, TreeEntry> {
  const index = new Map<number, TreeEntry>()
  const visit = (node: AreaNode, parent: AreaNode | null): void => {
    index.set(node.id, { node, parent })
    for (const child of node.children) visit(child, node)
  }
  for (const root of roots) visit(root, null)
  return index
}

/** The ids from the root down to `id`'s parent (empty when `id` is a root or unknown). */
export function ancestorIds(index: ReadonlyMap<number, TreeEntry>, id: number): number[] {
  const out: number[] = []
  let parent = index.get(id)?.parent ?? null
  while (parent) {
    out.unshift(parent.id)
    parent = index.get(parent.id)?.parent ?? null
  }
  return out
}

/** `node` and every id under it. */
export function subtreeIds(node: AreaNode): Set<number> {
  const out = new Set<number>()
  const visit = (current: AreaNode): void => {
    out.add(current.id)
    current.children.forEach(visit)
  }
  visit(node)
  return out
}

/** The tree's search: a substring of the name or the code, case aside. */
export function matchesArea(query: string, area: { name: string; code: string }): boolean {
  const needle = query.trim().toLowerCase()
  if (needle === '') return true
  return area.name.toLowerCase().includes(needle) || area.code.includes(needle)
}
