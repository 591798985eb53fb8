import type { PartyOrg, PartyOrgKind, PartyOrgNode } from '@/api/types'

/** One row of the tree table: a tree node with the details the list endpoint adds. */
export interface PartyOrgRow {
  id: number
  name: string
  kind: PartyOrgKind
  member_count: number
  secretary: string | null
  areaName: string
  unitName: string | null
  node: PartyOrgNode
  children: PartyOrgRow[]
}

/**
 * The tree (`GET /party-orgs/tree`) carries no secretary or names of area
 * and unit; the list (`GET /party-orgs`) does. Joined by id; a node the list
 * has not (yet) shown keeps blanks.
 */
export function toRows(nodes: readonly PartyOrgNode[], details: ReadonlyMap<number, PartyOrg>): PartyOrgRow[] {
  return nodes.map((node) => {
    const detail = details.get(node.id)
    return {
      id: node.id,
      name: node.name,
      kind: node.kind,
      member_count: node.member_count,
      secretary: detail?.secretary ?? null,
      areaName: detail?.area.name ?? '',
      unitName: detail?.unit?.name ?? null,
      node,
      children: toRows(node.children, details),
    }
  })
}
