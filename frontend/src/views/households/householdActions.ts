import { archiveHousehold, householdExportPath, personalData, runRetention, type HouseholdExportQuery } from '@/api/households'
import { isApiError } from '@/api/problem'
import type { Household } from '@/api/types'
import { askText, confirmAction } from '@/composables/confirmAction'
import { t } from '@/locales'
import { downloadFile, saveBlob } from '@/utils/download'
import { fileStamp } from '@/utils/format'
import { notifyError, notifySuccess } from '@/utils/notify'

/** Longest reason the server takes for a reveal or an export. */
export const REASON_MAX = 500

/** Asks why sensitive data is needed; the reason goes into the audit trail. Undefined when cancelled. */
export function askReason(message: string, title: string, confirmText: string): Promise<string | undefined> {
  return askText(message, {
    title,
    confirmText,
    placeholder: t('households.placeholder.revealReason'),
    required: t('households.rule.reasonRequired'),
    max: REASON_MAX,
  })
}

/** 归档 a household no longer helped, after a confirmation: its pairings end, its open wishes are withdrawn. */
export async function archive(household: Household): Promise<Household | 'stale' | null> {
  const confirmed = await confirmAction(t('households.confirm.archive', { name: household.head_name, no: household.household_no }), {
    danger: true,
    confirmText: t('households.archive'),
  })
  if (!confirmed) return null
  try {
    const archived = await archiveHousehold(household.id)
    notifySuccess(t('households.done.archived', { name: household.head_name }))
    return archived
  } catch (error) {
    notifyError(error)
    return isApiError(error) && error.status === 409 ? 'stale' : null
  }
}

/** 导出个人数据: everything held about the household, sealed fields opened, saved as a JSON file. */
export async function exportPersonalData(household: Pick<Household, 'id' | 'household_no' | 'head_name'>): Promise<boolean> {
  const reason = await askReason(
    t('households.personalDataPrompt', { name: household.head_name }),
    t('households.personalData'),
    t('common.export'),
  )
  if (reason === undefined) return false
  try {
    const data = await personalData(household.id, reason)
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' })
    saveBlob(blob, `${t('households.personalDataFile', { no: household.household_no })}-${fileStamp()}.json`)
    notifySuccess(t('common.exportStarted'))
    return true
  } catch (error) {
    notifyError(error)
    return false
  }
}

/** 导出明文台账: the ledger for these filters with identity numbers and phones in full, after a reason. */
export async function exportPlainLedger(query: HouseholdExportQuery): Promise<boolean> {
  const reason = await askReason(t('households.plainExportPrompt'), t('households.exportPlain'), t('common.export'))
  if (reason === undefined) return false
  try {
    await downloadFile(householdExportPath({ ...query, plain: true, reason }), `${t('households.plainFileName')}-${fileStamp()}.xlsx`)
    notifySuccess(t('common.exportStarted'))
    return true
  } catch (error) {
    notifyError(error)
    return false
  }
}

/** 执行到期清除: erases now what the background job would erase, after a confirmation. */
export async function eraseExpired(): Promise<number | null> {
  const confirmed = await confirmAction(t('households.confirm.retention'), { danger: true, confirmText: t('households.retention') })
  if (!confirmed) return null
  try {
    const run = await runRetention()
    notifySuccess(t('households.done.retention', { n: run.erased }))
    return run.erased
  } catch (error) {
    notifyError(error)
    return null
  }
}
