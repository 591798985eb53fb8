import { computed, ref, shallowRef } from 'vue'
import { getAreaTree } from '@/api/areas'
import type { AreaNode } from '@/api/types'
import { notifyError } from '@/utils/notify'
import { indexTree } from './areaRules'

/** The caller's subtree (`GET /areas/tree`), with every node findable by id. */
export function useAreaTree() {
  const nodes = shallowRef<AreaNode[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const index = computed(() => indexTree(nodes.value))

  let sequence = 0

  async function reload(): Promise<void> {
    const mine = ++sequence
    loading.value = true
    try {
      const result = await getAreaTree()
      if (mine === sequence) nodes.value = result
    } catch (error) {
      if (mine === sequence) notifyError(error)
    } finally {
      if (mine === sequence) {
        loading.value = false
        loaded.value = true
      }
    }
  }

  /** A node by id; undefined when it is not in the caller's tree. */
  function find(id: number | null | undefined): AreaNode | undefined {
    return id === null || id === undefined ? undefined : index.value.get(id)?.node
  }

  return { nodes, loading, loaded, index, reload, find }
}

export type AreaTree = ReturnType<typeof useAreaTree>
