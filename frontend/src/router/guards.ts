import type { RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router'
import type { Permission } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { safeRedirect } from '@/utils/redirect'
import { landingFor } from './landing'
import { HOME } from './routes'

/** What the guard needs to know about the caller. */
export interface Access {
  signedIn: boolean
  mustChangePassword: boolean
  can(permission: Permission | readonly Permission[]): boolean
}

/**
 * Where a navigation may go: `true`, or where to go instead. Pure, so the
 * rules can be tested without a browser:
 * - visitors go to sign-in, keeping the page they wanted in `redirect`;
 * - an account with a temporary password goes to the password change, and
 *   nowhere else, until it is done;
 * - a page the role may not open shows 403.
 */
export function resolveAccess(to: RouteLocationNormalized, access: Access): true | RouteLocationRaw {
  const wanted = safeRedirect(to.query.redirect)
  if (to.meta.public) {
    if (!access.signedIn) return true
    if (access.mustChangePassword) return { name: 'password-change', query: wanted ? { redirect: wanted } : {} }
    return wanted ?? { name: HOME }
  }
  if (!access.signedIn) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  }
  if (access.mustChangePassword) {
    if (to.meta.passwordChange) return true
    return { name: 'password-change', query: { redirect: to.fullPath } }
  }
  if (to.meta.passwordChange) return wanted ?? { name: HOME }
  const permission = to.matched.reduce<RouteLocationNormalized['meta']['permission']>(
    (found, record) => record.meta.permission ?? found,
    undefined,
  )
  if (permission && !access.can(permission)) {
    return { name: 'forbidden', query: { from: to.fullPath } }
  }
  return true
}

export function installGuards(router: Router): void {
  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    // The first navigation after a page load waits for the silent refresh.
    if (!auth.restored) await auth.restore()
    const verdict = resolveAccess(to, auth)
    // Some accounts have a page of their own instead of the workbench.
    if (verdict === true && to.name === HOME) return (await landingFor(auth.user)) ?? true
    return verdict
  })
}
