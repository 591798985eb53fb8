import { ROLES, USER_STATUSES, type User } from '@/api/types'
import { asNumber, asString, oneOf } from '@/composables/useListQuery'
import { t } from '@/locales'
import { formatDateTime } from '@/utils/format'
import type { XlsxColumn } from '@/utils/xlsx'

/** The filters of the account list, as they appear in the URL. `area_id`: that area and everything under it. */
export const USER_FILTERS = {
  q: asString,
  role: oneOf(ROLES),
  status: oneOf(USER_STATUSES),
  area_id: asNumber,
}

export type UserFilterSpec = typeof USER_FILTERS

/** 正常 / 已停用, with 锁定中 while sign-in is locked. */
export function statusText(user: Pick<User, 'status' | 'locked_until'>): string {
  const status = t(`enums.userStatus.${user.status}`)
  return user.locked_until ? `${status}（${t('users.status.locked')}）` : status
}

/** Home area name; a system-wide account has none. */
export function areaText(user: Pick<User, 'area'>): string {
  return user.area?.name ?? t('users.systemWide')
}

/** The columns of the .xlsx export, in the current language. */
export function exportColumns(): XlsxColumn<User>[] {
  return [
    { header: t('users.field.username'), value: (u) => u.username, width: 18 },
    { header: t('users.field.displayName'), value: (u) => u.display_name, width: 14 },
    { header: t('users.field.phone'), value: (u) => u.phone ?? '', width: 16 },
    { header: t('users.field.role'), value: (u) => t(`enums.role.${u.role}`), width: 16 },
    { header: t('users.field.area'), value: areaText, width: 24 },
    { header: t('users.field.areaCode'), value: (u) => u.area?.code ?? '', width: 18 },
    { header: t('users.field.status'), value: statusText, width: 14 },
    { header: t('users.field.lastLogin'), value: (u) => formatDateTime(u.last_login_at), width: 20 },
    { header: t('users.field.createdAt'), value: (u) => formatDateTime(u.created_at), width: 20 },
  ]
}
