import { etagOf } from '@/api/client'
import { isApiError } from '@/api/problem'
import { updateUnit } from '@/api/units'
import type { Unit } from '@/api/types'
import { confirmAction } from '@/composables/confirmAction'
import { t } from '@/locales'
import { notifyError, notifySuccess } from '@/utils/notify'

/**
 * 退出: records, after a confirmation, that a unit left the alliance
 * (`PATCH` with `"status": "withdrawn"`). Resolves to the unit as it is now,
 * `'stale'` when someone changed it meanwhile, or null (cancelled, refused).
 */
export async function withdrawUnit(unit: Unit): Promise<Unit | 'stale' | null> {
  const confirmed = await confirmAction(t('units.confirm.withdraw', { name: unit.name }), {
    danger: true,
    confirmText: t('units.withdraw'),
  })
  if (!confirmed) return null
  try {
    const updated = await updateUnit(unit.id, etagOf(unit), { status: 'withdrawn' })
    notifySuccess(t('units.done.withdrawn', { name: unit.name }))
    return updated
  } catch (error) {
    if (isApiError(error) && error.status === 412) {
      ElMessage({ type: 'warning', message: t('units.staleList'), showClose: true, duration: 6000 })
      return 'stale'
    }
    notifyError(error)
    return null
  }
}
