import { createRouter, createWebHistory, type RouterHistory } from 'vue-router'
import { t } from '@/locales'
import { installGuards } from './guards'
import { routes } from './routes'

export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)) {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: () => ({ top: 0 }),
  })
  installGuards(router)
  router.afterEach((to) => {
    const title = to.meta.title ? `${t(to.meta.title)} - ` : ''
    document.title = `${title}${t('common.appName')}`
  })
  return router
}
