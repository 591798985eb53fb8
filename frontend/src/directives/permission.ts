import type { Directive, DirectiveBinding } from 'vue'
import type { Permission } from '@/api/types'
import { useAuthStore } from '@/stores/auth'

export type PermissionValue = Permission | readonly Permission[]

function apply(el: HTMLElement, binding: DirectiveBinding<PermissionValue>): void {
  if (useAuthStore().can(binding.value)) return
  // Hidden rather than taken out of the DOM: Vue still owns the node and may
  // use it as an anchor when siblings appear or disappear.
  el.style.display = 'none'
  el.setAttribute('aria-hidden', 'true')
  el.setAttribute('data-permission-hidden', '')
}

/**
 * `v-permission="'users.write'"` (or a list: any one suffices) hides the
 * element when the caller lacks the permission. What a role may not do is not
 * shown; the server refuses it anyway. For whole blocks prefer
 * `v-if="auth.can('users.write')"`, which does not render them at all.
 */
export const vPermission: Directive<HTMLElement, PermissionValue> = {
  mounted: apply,
  updated: apply,
}

declare module 'vue' {
  interface GlobalDirectives {
    vPermission: typeof vPermission
  }
}
