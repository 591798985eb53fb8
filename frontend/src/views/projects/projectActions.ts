import { cancelProject, stepProject, type ProjectStep } from '@/api/projects'
import { isApiError } from '@/api/problem'
import type { Project } from '@/api/types'
import { confirmAction } from '@/composables/confirmAction'
import { t } from '@/locales'
import { notifyError, notifySuccess } from '@/utils/notify'

function refused(error: unknown): 'stale' | null {
  if (isApiError(error) && error.code === 'invalid_transition') {
    ElMessage({ type: 'warning', message: t('projects.staleList'), showClose: true, duration: 6000 })
    return 'stale'
  }
  notifyError(error)
  return null
}

/** 发布招募 / 开始 / 完成, after a confirmation. Resolves to the project as it is now, `'stale'`, or null. */
export async function stepForward(project: Project, step: ProjectStep): Promise<Project | 'stale' | null> {
  const confirmed = await confirmAction(t(`projects.confirm.${step}`, { title: project.title }), {
    type: step === 'complete' ? 'warning' : 'info',
    confirmText: t(`projects.action.${step}`),
  })
  if (!confirmed) return null
  try {
    const updated = await stepProject(project.id, step)
    notifySuccess(t(`projects.done.${step}`))
    return updated
  } catch (error) {
    return refused(error)
  }
}

/** 取消项目: the prompt requires the reason. */
export async function cancel(project: Project): Promise<Project | 'stale' | null> {
  let reason: string
  try {
    const answer = await ElMessageBox.prompt(t('projects.cancelPrompt', { title: project.title }), t('projects.cancelTitle'), {
      type: 'warning',
      inputType: 'textarea',
      inputPlaceholder: t('projects.placeholder.cancelReason'),
      inputValidator: (value: string) => (value?.trim() ? true : t('projects.rule.cancelReasonRequired')),
      confirmButtonText: t('projects.action.cancel'),
      confirmButtonClass: 'el-button--danger',
      cancelButtonText: t('common.cancel'),
      closeOnClickModal: false,
    })
    reason = answer.value.trim()
  } catch {
    return null
  }
  try {
    const cancelled = await cancelProject(project.id, reason)
    notifySuccess(t('projects.done.cancel'))
    return cancelled
  } catch (error) {
    return refused(error)
  }
}
