import { computed, ref, shallowRef } from 'vue'
import { getPartyOrgCoverage, getPartyOrgTree, listPartyOrgs } from '@/api/partyOrgs'
import type { PartyOrg, PartyOrgCoverage, PartyOrgNode } from '@/api/types'
import { notifyError } from '@/utils/notify'
import { fetchAllPages } from '@/utils/paging'
import { toRows } from './partyOrgRows'

/**
 * The party organisations in reach: the tree, the details the tree leaves
 * out (secretary, area and unit names) and the grid coverage, loaded together.
 */
export function usePartyOrgs() {
  const nodes = shallowRef<PartyOrgNode[]>([])
  const details = shallowRef<Map<number, PartyOrg>>(new Map())
  const coverage = shallowRef<PartyOrgCoverage>()
  const loading = ref(false)
  const loaded = ref(false)
  let sequence = 0

  async function reload(): Promise<void> {
    const mine = ++sequence
    loading.value = true
    try {
      const [tree, all, rate] = await Promise.all([
        getPartyOrgTree(),
        fetchAllPages((page, size) => listPartyOrgs({ page, page_size: size })),
        getPartyOrgCoverage(),
      ])
      if (mine !== sequence) return
      nodes.value = tree
      details.value = new Map(all.map((org) => [org.id, org]))
      coverage.value = rate
    } catch (error) {
      if (mine === sequence) notifyError(error)
    } finally {
      if (mine === sequence) {
        loading.value = false
        loaded.value = true
      }
    }
  }

  const rows = computed(() => toRows(nodes.value, details.value))

  return { nodes, details, coverage, rows, loading, loaded, reload }
}
