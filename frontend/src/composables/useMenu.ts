import { computed } from 'vue'
import { useRouter, type RouteRecordNormalized } from 'vue-router'
import { useAuthStore } from '@/stores/auth'

export interface MenuItem {
  path: string
  name: string
  title: string
  icon: NonNullable<RouteRecordNormalized['meta']['menu']>['icon']
}

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
        return [{ path: route.path, name: route.name, title, icon: menu.icon }]
      }),
  )
}
