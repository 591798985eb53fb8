import { etagOf } from '@/api/client'
import { deleteShift } from '@/api/projects'
import type { Shift } from '@/api/types'
import { confirmAction } from '@/composables/confirmAction'
import { t } from '@/locales'
import { notifyError, notifySuccess } from '@/utils/notify'
import { shiftTimeText } from './shiftGenerate'

/** Volunteers hold places or wait for one: the shift's times stay (server: `has_sign_ups`). */
export function hasSignUps(shift: Pick<Shift, 'taken' | 'waitlisted'>): boolean {
  return shift.taken + shift.waitlisted > 0
}

export function hasEnded(shift: Pick<Shift, 'ends_at'>, now: Date = new Date()): boolean {
  return Date.parse(shift.ends_at) <= now.getTime()
}

/**
 * What an organiser (`canWrite`: projects.write on an open project) may do to
 * a shift: nothing once it is over; delete only while nobody is signed up.
 */
export function shiftActionsOf(
  shift: Pick<Shift, 'ends_at' | 'taken' | 'waitlisted'>,
  canWrite: boolean,
  now: Date = new Date(),
): { edit: boolean; remove: boolean } {
  const edit = canWrite && !hasEnded(shift, now)
  return { edit, remove: edit && !hasSignUps(shift) }
}

/**
 * 删除班次, after a confirmation naming its time. Resolves to `'deleted'`,
 * `'refused'` (the server said no, shown; the list is worth reloading), or
 * null when cancelled.
 */
export async function removeShift(shift: Shift): Promise<'deleted' | 'refused' | null> {
  const time = shiftTimeText(shift)
  const confirmed = await confirmAction(t('projects.shifts.confirmDelete', { time }), { danger: true, confirmText: t('common.delete') })
  if (!confirmed) return null
  try {
    await deleteShift(shift.id, etagOf(shift))
    notifySuccess(t('projects.shifts.deleted', { time }))
    return 'deleted'
  } catch (error) {
    notifyError(error)
    return 'refused'
  }
}
