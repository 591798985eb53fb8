/** The part of `useListQuery` a `ListToolbar` drives. */
export interface ToolbarList {
  loading: boolean
  search(): void
  reset(): void
  reload(): Promise<void>
}

/** The part of `useListQuery` a `ListPagination` drives. */
export interface PagedList {
  page: number
  pageSize: number
  pageSizes: number[]
  total: number
  loading: boolean
  setPage(page: number): void
  setPageSize(size: number): void
}
