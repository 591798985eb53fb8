/** The largest page the list endpoints give (`page_size` 1–100). */
export const MAX_PAGE_SIZE = 100
/** Stop after this many pages (100 000 rows) rather than run forever. */
const MAX_PAGES = 1000

export interface PageResult<T> {
  items: T[]
  total?: number | null
}

/**
 * Every row of a list, page by page (`page_size` 100), for exports.
 * `onProgress(loaded, total)` after each page; `total` is null when the list
 * does not say (cursor paging).
 */
export async function fetchAllPages<T>(
  fetchPage: (page: number, pageSize: number) => Promise<PageResult<T>>,
  onProgress?: (loaded: number, total: number | null) => void,
): Promise<T[]> {
  const rows: T[] = []
  for (let page = 1; page <= MAX_PAGES; page++) {
    const result = await fetchPage(page, MAX_PAGE_SIZE)
    rows.push(...result.items)
    const total = result.total ?? null
    onProgress?.(rows.length, total)
    if (result.items.length < MAX_PAGE_SIZE || (total !== null && rows.length >= total)) break
  }
  return rows
}
