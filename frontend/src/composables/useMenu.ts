import { computed } from 'vue'
import { useRouter, type RouteRecordNormalized } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { MENU_GROUPS, type MenuGroup } from '@/router/routes'

export interface MenuItem {
  path: string
  name: string
  title: string
  icon: NonNullable<RouteRecordNormalized['meta']['menu']>['icon']
  /** The heading it folds under in the side menu, if any. */
  group?: MenuGroup
}

/** A line of the side menu: a page, or a heading with the pages under it. */
export type MenuEntry =
  | { kind: 'item'; item: MenuItem }
  | { kind: 'group'; group: MenuGroup; title: string; icon: MenuItem['icon']; items: MenuItem[] }

/** The side menu: routes marked `meta.menu` whose permission the caller holds. */
export function useMenu() {
  const router = useRouter()
  const auth = useAuthStore()
  return computed<MenuItem[]>(() =>
    router
      .getRoutes()
      .filter((route) => route.meta.menu && route.meta.title && typeof route.name === 'string')
      .filter((route) => !route.meta.permission || auth.can(route.meta.permission))
      .sort((a, b) => (a.meta.menu?.order ?? 0) - (b.meta.menu?.order ?? 0))
      .flatMap((route) => {
        const { menu, title } = route.meta
        if (!menu || !title || typeof route.name !== 'string') return []
        return [{ path: route.path, name: route.name, title, icon: menu.icon, group: menu.group }]
      }),
  )
}

/**
 * The items folded under their headings, each heading where its first page
 * would be. A heading with a single page the caller may open is no heading:
 * that page shows on its own.
 */
export function menuEntries(items: readonly MenuItem[]): MenuEntry[] {
  const entries: MenuEntry[] = []
  const groups = new Map<MenuGroup, Extract<MenuEntry, { kind: 'group' }>>()
  for (const item of items) {
    if (!item.group) {
      entries.push({ kind: 'item', item })
      continue
    }
    let entry = groups.get(item.group)
    if (!entry) {
      const { title, icon } = MENU_GROUPS[item.group]
      entry = { kind: 'group', group: item.group, title, icon, items: [] }
      groups.set(item.group, entry)
      entries.push(entry)
    }
    entry.items.push(item)
  }
  return entries.map((entry) =>
    entry.kind === 'group' && entry.items.length === 1 && entry.items[0] ? { kind: 'item', item: entry.items[0] } : entry,
  )
}

/** The menu path lit for the current page: the longest one the page's path starts with (`/households/12` → `/households`). */
export function activeMenuPath(path: string, items: readonly MenuItem[]): string {
  let best = ''
  for (const item of items) {
    const matches = item.path === '/' ? path === '/' : path === item.path || path.startsWith(`${item.path}/`)
    if (matches && item.path.length > best.length) best = item.path
  }
  if (best) return best
  const first = path.split('/')[1]
  return first ? `/${first}` : '/'
}
