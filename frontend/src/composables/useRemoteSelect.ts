import { computed, onMounted, ref, shallowRef, watch, type Ref, type WatchSource } from 'vue'
import { notifyError } from '@/utils/notify'

/**
 * The state behind a select that searches the server as the user types
 * (units, volunteers, projects): the options of the latest search only (an
 * older answer arriving late is dropped), the chosen one kept listed even
 * when a search does not find it, and the name of one chosen elsewhere (a
 * link carrying its id) looked up once.
 */
export function useRemoteSelect<T extends { id: number }>(source: {
  model: Ref<number | undefined>
  /** The option already chosen, so its name shows before any search. */
  initial: () => T | null | undefined
  search: (keyword: string | undefined) => Promise<T[]>
  lookup: (id: number) => Promise<T>
  onChange: (option: T | undefined) => void
  /** Searched again from the start when this changes (a status filter). */
  resetOn?: WatchSource
}) {
  const found = shallowRef<T[]>([])
  const named = shallowRef<T | null>(null)
  const loading = ref(false)
  let sequence = 0

  async function search(keyword: string): Promise<void> {
    const mine = ++sequence
    loading.value = true
    try {
      const items = await source.search(keyword.trim() || undefined)
      if (mine === sequence) found.value = items
    } catch (error) {
      if (mine === sequence) notifyError(error)
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  const options = computed(() => {
    const list = [...found.value]
    for (const extra of [source.initial(), named.value]) {
      if (extra && !list.some((option) => option.id === extra.id)) list.unshift(extra)
    }
    return list
  })

  const value = computed<number | undefined>({
    get: () => source.model.value ?? undefined,
    set: (id) => {
      const next = typeof id === 'number' ? id : undefined
      source.model.value = next
      source.onChange(next === undefined ? undefined : options.value.find((option) => option.id === next))
    },
  })

  async function nameChosen(): Promise<void> {
    const id = source.model.value
    if (id === undefined || id === null || options.value.some((option) => option.id === id)) return
    try {
      named.value = await source.lookup(id)
    } catch {
      // out of reach or gone: the list stays as it is
    }
  }

  if (source.resetOn) watch(source.resetOn, () => void search(''))
  watch(source.model, () => void nameChosen())
  onMounted(async () => {
    await search('')
    await nameChosen()
  })

  return { options, value, loading, search }
}
