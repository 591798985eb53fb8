import { PARTY_ORG_KINDS, type PartyOrgKind, type PartyOrgNode } from '@/api/types'

/**
 * The rules of the party organisation tree (党组织体系) the server applies,
 * so that the form offers only what would be accepted: committee (党委) >
 * general branch (党总支) > branch (党支部) > group (党小组); a parent ranks
 * above its children, not necessarily the next rank; no cycles.
 */

/** 0 for a committee, 3 for a group. */
export function rankOf(kind: PartyOrgKind): number {
  return PARTY_ORG_KINDS.indexOf(kind)
}

/** Whether an organisation of `childKind` may report to one of `parentKind`. */
export function mayReportTo(parentKind: PartyOrgKind, childKind: PartyOrgKind): boolean {
  return rankOf(parentKind) < rankOf(childKind)
}

/** The kinds an organisation may have under `parentKind` and above its children's kinds. */
export function allowedKinds(parentKind: PartyOrgKind | undefined, childKinds: readonly PartyOrgKind[] = []): PartyOrgKind[] {
  const lowest = childKinds.length ? Math.min(...childKinds.map(rankOf)) : PARTY_ORG_KINDS.length
  return PARTY_ORG_KINDS.filter((kind) => {
    const rank = rankOf(kind)
    return (parentKind === undefined || rank > rankOf(parentKind)) && rank < lowest
  })
}

/** The default kind under a parent: the next rank down (a branch under a general branch). */
export function childKindOf(parentKind: PartyOrgKind | undefined): PartyOrgKind {
  if (parentKind === undefined) return 'committee'
  return PARTY_ORG_KINDS[Math.min(rankOf(parentKind) + 1, PARTY_ORG_KINDS.length - 1)] ?? 'group'
}

export interface IndexedOrg {
  node: PartyOrgNode
  parent: PartyOrgNode | undefined
}

/** Every node of the forest by id, with its parent in the forest. */
export function indexOrgs(nodes: readonly PartyOrgNode[]): Map<number, IndexedOrg> {
  const map = new Map<number, IndexedOrg>()
  const visit = (list: readonly PartyOrgNode[], parent: PartyOrgNode | undefined) => {
    for (const node of list) {
      map.set(node.id, { node, parent })
      visit(node.children, node)
    }
  }
  visit(nodes, undefined)
  return map
}

/** The ids of a node and everything under it: where it may not move (would_create_cycle). */
export function subtreeIds(node: PartyOrgNode): Set<number> {
  const ids = new Set<number>()
  const visit = (current: PartyOrgNode) => {
    ids.add(current.id)
    current.children.forEach(visit)
  }
  visit(node)
  return ids
}

/**
 * The forest cut to the nodes whose name contains `keyword`, with the way
 * down to them; everything under a match stays.
 */
export function filterOrgs(nodes: readonly PartyOrgNode[], keyword: string): PartyOrgNode[] {
  const word = keyword.trim()
  if (!word) return [...nodes]
  return nodes.flatMap((node) => {
    if (node.name.includes(word)) return [node]
    const children = filterOrgs(node.children, word)
    return children.length ? [{ ...node, children }] : []
  })
}

/** Number of nodes in the forest. */
export function countOrgs(nodes: readonly PartyOrgNode[]): number {
  return nodes.reduce((sum, node) => sum + 1 + countOrgs(node.children), 0)
}
