import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'
import { isApiError, type ApiError } from '@/api/problem'
import { notifyError } from '@/utils/notify'
import { fetchAllPages, type PageResult } from '@/utils/paging'

/** Reads one filter from its URL text; undefined when absent or not valid. */
export type FilterParser<V> = (raw: string) => V | undefined

export const asString: FilterParser<string> = (raw) => (raw.trim() === '' ? undefined : raw)

export const asNumber: FilterParser<number> = (raw) => {
  if (raw.trim() === '') return undefined
  const value = Number(raw)
  return Number.isFinite(value) ? value : undefined
}

export const asBoolean: FilterParser<boolean> = (raw) =>
  raw === 'true' ? true : raw === 'false' ? false : undefined

/** An enumeration filter: `oneOf(AREA_KINDS)`. */
export function oneOf<const T extends string>(values: readonly T[]): FilterParser<T> {
  return (raw) => values.find((value) => value === raw)
}

export type FilterSpec = Record<string, FilterParser<unknown>>

/** The filter values of a spec, each possibly unset. */
export type FilterValues<S extends FilterSpec> = { [K in keyof S]: ReturnType<S[K]> }

/** What the fetch function receives: paging, sort and the set filters. */
export type ListParams<S extends FilterSpec> = {
  page: number
  page_size: number
  sort?: string
} & { [K in keyof S]?: Exclude<ReturnType<S[K]>, undefined> }

export interface ListQueryOptions<S extends FilterSpec, T> {
  /** Filter names (also their URL query keys) and how to read each from the URL. */
  filters: S
  /** Loads one page, e.g. `(params) => listAreas(params)`. */
  fetch: (params: ListParams<S>) => Promise<PageResult<T>>
  /** The list's own order when the URL names none (`code`, `-created_at`); leave out for fixed order. */
  defaultSort?: string
  /** Rows per page when the URL names none (20). */
  pageSize?: number
  pageSizes?: number[]
}

const DEFAULT_PAGE_SIZE = 20
const PAGE_SIZES = [10, 20, 50, 100]

type SortOrder = 'ascending' | 'descending'

function first(value: LocationQuery[string] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value
  return typeof raw === 'string' ? raw : undefined
}

function positiveInt(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  return Number.isInteger(value) && value >= 1 ? value : undefined
}

/**
 * A paged, sorted, filtered list whose state lives in the URL query
 * (`?page=2&page_size=50&sort=-created_at&kind=grid`), so a link or a reload
 * reproduces the view and the back button works. Changing the page, the sort
 * or applying filters rewrites the URL; the URL drives the loading.
 *
 *   const list = useListQuery({
 *     filters: { q: asString, kind: oneOf(AREA_KINDS), area_id: asNumber },
 *     defaultSort: 'code',
 *     fetch: (params) => listAreas(params),
 *   })
 *
 * Bind `list.filters.*` in a `ListToolbar`, `list.items` to an `el-table`
 * (`@sort-change="list.onSortChange"`, `:default-sort="list.tableSort"`),
 * and `ListPagination :list="list"` below it.
 */
export function useListQuery<S extends FilterSpec, T>(options: ListQueryOptions<S, T>) {
  const route = useRoute()
  const router = useRouter()
  /** The list belongs to this route; navigating away must not reload it. */
  const ownRoute = route.name
  const filterKeys = Object.keys(options.filters) as (keyof S & string)[]
  const defaultPageSize = options.pageSize ?? DEFAULT_PAGE_SIZE
  const pageSizes = options.pageSizes ?? PAGE_SIZES

  function readFilters(query: LocationQuery): FilterValues<S> {
    const values: Partial<Record<keyof S, unknown>> = {}
    for (const key of filterKeys) {
      const raw = first(query[key])
      const parse = options.filters[key]
      values[key] = raw === undefined || parse === undefined ? undefined : parse(raw)
    }
    return values as FilterValues<S>
  }

  const page = computed<number>({
    get: () => positiveInt(first(route.query.page)) ?? 1,
    set: (value) => navigate({ page: value }),
  })
  const pageSize = computed<number>({
    get: () => {
      const size = positiveInt(first(route.query.page_size))
      return size !== undefined && size <= 100 ? size : defaultPageSize
    },
    set: (value) => navigate({ page: 1, pageSize: value }),
  })
  const sort = computed<string | undefined>({
    get: () => first(route.query.sort) || options.defaultSort,
    set: (value) => navigate({ page: 1, sort: value }),
  })
  const applied = computed(() => readFilters(route.query))

  /** What the toolbar edits; applied to the URL by `search()`. */
  const filters = reactive(readFilters(route.query)) as FilterValues<S>

  const items = shallowRef<T[]>([])
  const total = ref(0)
  const loading = ref(false)
  const loaded = ref(false)
  const error = shallowRef<ApiError | null>(null)

  const filtered = computed(() => filterKeys.some((key) => applied.value[key] !== undefined))
  const empty = computed(() => loaded.value && !loading.value && items.value.length === 0)

  const params = computed(() => {
    const out: Record<string, unknown> = { page: page.value, page_size: pageSize.value }
    if (sort.value) out.sort = sort.value
    for (const key of filterKeys) {
      const value = applied.value[key]
      if (value !== undefined && value !== '') out[key] = value
    }
    return out as ListParams<S>
  })

  /** `el-table`'s `default-sort` for the first sort field. */
  const tableSort = computed<{ prop: string; order: SortOrder } | undefined>(() => {
    const firstField = sort.value?.split(',')[0]
    if (!firstField) return undefined
    return firstField.startsWith('-')
      ? { prop: firstField.slice(1), order: 'descending' }
      : { prop: firstField, order: 'ascending' }
  })

  function toQuery(state: {
    page: number
    pageSize: number
    sort: string | undefined
    filters: FilterValues<S>
  }): LocationQueryRaw {
    // Keep what other parts of the page put in the URL; drop defaults so links stay short.
    const query: LocationQueryRaw = { ...route.query }
    for (const key of ['page', 'page_size', 'sort', ...filterKeys]) delete query[key]
    if (state.page > 1) query.page = String(state.page)
    if (state.pageSize !== defaultPageSize) query.page_size = String(state.pageSize)
    if (state.sort && state.sort !== options.defaultSort) query.sort = state.sort
    for (const key of filterKeys) {
      const value = state.filters[key]
      if (value !== undefined && value !== null && value !== '') query[key] = String(value)
    }
    return query
  }

  function sameQuery(a: LocationQueryRaw, b: LocationQuery): boolean {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const key of keys) {
      if (String(a[key] ?? '') !== String(first(b[key]) ?? '')) return false
    }
    return true
  }

  function navigate(change: {
    page?: number
    pageSize?: number
    sort?: string | undefined
    filters?: FilterValues<S>
  }): void {
    const query = toQuery({
      page: change.page ?? page.value,
      pageSize: change.pageSize ?? pageSize.value,
      sort: 'sort' in change ? change.sort : sort.value,
      filters: change.filters ?? applied.value,
    })
    // The same query again (查询 clicked twice) does not navigate: load anyway.
    if (sameQuery(query, route.query)) void reload()
    else void router.replace({ query })
  }

  let sequence = 0

  /** Loads the page the URL describes; a late answer to an older request is dropped. */
  async function reload(): Promise<void> {
    const mine = ++sequence
    loading.value = true
    error.value = null
    try {
      const result = await options.fetch(params.value)
      if (mine !== sequence) return
      items.value = result.items
      total.value = result.total ?? result.items.length
      loaded.value = true
      // Past the last page (after a delete, or an old link): go to the last one.
      if (result.items.length === 0 && page.value > 1 && total.value > 0) {
        page.value = Math.ceil(total.value / pageSize.value)
      }
    } catch (failure) {
      if (mine !== sequence) return
      items.value = []
      total.value = 0
      loaded.value = true
      error.value = isApiError(failure) ? failure : null
      notifyError(failure)
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  /** Applies the toolbar's filters from the first page. */
  function search(): void {
    navigate({ page: 1, filters: { ...filters } })
  }

  /** Clears filters and sort. */
  function reset(): void {
    for (const key of filterKeys) filters[key] = undefined as FilterValues<S>[typeof key]
    navigate({ page: 1, sort: undefined, filters: { ...filters } })
  }

  function setPage(value: number): void {
    page.value = value
  }

  function setPageSize(value: number): void {
    pageSize.value = value
  }

  /** `@sort-change` of `el-table` (columns with `sortable="custom"`). */
  function onSortChange({ prop, order }: { prop: string | null; order: SortOrder | null }): void {
    sort.value = prop && order ? `${order === 'descending' ? '-' : ''}${prop}` : undefined
  }

  /** Every row under the applied filters and sort, for an export (page_size 100). */
  function fetchAll(onProgress?: (loaded: number, total: number | null) => void): Promise<T[]> {
    return fetchAllPages(
      (pageNumber, size) => options.fetch({ ...params.value, page: pageNumber, page_size: size }),
      onProgress,
    )
  }

  watch(
    () => route.query,
    (query) => {
      if (route.name !== ownRoute) return
      Object.assign(filters, readFilters(query))
      void reload()
    },
    { immediate: true },
  )

  return reactive({
    filters,
    applied,
    items,
    total,
    loading,
    loaded,
    error,
    empty,
    filtered,
    page,
    pageSize,
    pageSizes,
    sort,
    tableSort,
    params,
    reload,
    search,
    reset,
    setPage,
    setPageSize,
    onSortChange,
    fetchAll,
  })
}

/** What `useListQuery` returns. */
export type ListQuery<S extends FilterSpec, T> = ReturnType<typeof useListQuery<S, T>>
