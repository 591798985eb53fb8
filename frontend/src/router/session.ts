import type { Router } from 'vue-router'
import { installSessionHooks } from '@/api/client'
import { t } from '@/locales'
import { useAuthStore } from '@/stores/auth'

/**
 * Connects the HTTP layer to the session: the token it sends, the refresh it
 * shares, and where the user goes when the session is gone or a temporary
 * password must be changed first.
 */
export function connectSession(router: Router): void {
  const auth = useAuthStore()

  function toLogin(): void {
    auth.clearSession()
    const current = router.currentRoute.value
    if (current.meta.public) return
    ElMessage({ type: 'warning', message: t('auth.sessionExpired'), grouping: true })
    void router.replace({ name: 'login', query: { redirect: current.fullPath } })
  }

  auth.onSessionExpired(toLogin)
  installSessionHooks({
    accessToken: () => auth.accessToken,
    refresh: () => auth.refresh(),
    sessionExpired: toLogin,
    passwordChangeRequired: () => {
      auth.requirePasswordChange()
      const current = router.currentRoute.value
      if (current.meta.passwordChange) return
      void router.replace({ name: 'password-change', query: { redirect: current.fullPath } })
    },
  })
}
