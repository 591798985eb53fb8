import { RESOURCE_CATEGORIES, type Resource, type ResourceCategory } from '@/api/types'

export interface ShelfGroup {
  category: ResourceCategory
  items: Resource[]
}

/** The shelf's rows: one per category, in the categories' display order, empty ones left out. */
export function groupByCategory(items: readonly Resource[]): ShelfGroup[] {
  const groups = new Map<ResourceCategory, Resource[]>()
  for (const item of items) {
    const list = groups.get(item.category) ?? []
    list.push(item)
    groups.set(item.category, list)
  }
  return RESOURCE_CATEGORIES.flatMap((category) => {
    const list = groups.get(category)
    return list ? [{ category, items: list }] : []
  })
}
