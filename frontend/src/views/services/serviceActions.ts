import { acceptService, cancelService, declineService, startService } from '@/api/services'
import { isApiError } from '@/api/problem'
import type { Service } from '@/api/types'
import { askText, confirmAction } from '@/composables/confirmAction'
import { t } from '@/locales'
import { notifyError, notifySuccess } from '@/utils/notify'
import { amountText } from '@/views/resources/resourceList'
import type { ServiceStep } from './serviceList'

/** What an action came to: the service as it is now, `'stale'` (reload it), or null (cancelled, refused). */
export type StepOutcome = Service | 'stale' | null

function alert(message: string): void {
  void ElMessageBox.alert(message, t('services.refused.title'), {
    type: 'warning',
    confirmButtonText: t('common.confirm'),
  }).catch(() => undefined)
}

/**
 * Refusals a person must read: a dialog, not a passing toast. 409
 * `invalid_transition` means the service moved on meanwhile (someone else
 * accepted or cancelled it): the caller reloads it. `insufficient_quantity`
 * leaves the order as it was.
 */
export function explainRefusal(error: unknown, service: Service, step: ServiceStep): 'stale' | null {
  if (isApiError(error) && error.code === 'invalid_transition') {
    alert(
      t('services.refused.invalidTransition', {
        status: t(`enums.serviceStatus.${service.status}`),
        action: t(`enums.serviceAction.${step}`),
      }),
    )
    return 'stale'
  }
  if (isApiError(error) && error.code === 'insufficient_quantity') {
    alert(t('services.refused.insufficientQuantity', { resource: service.resource.title }))
    return null
  }
  if (isApiError(error) && (error.status === 404 || error.status === 412)) {
    notifyError(error)
    return 'stale'
  }
  notifyError(error)
  return null
}

async function run(service: Service, step: ServiceStep, call: () => Promise<Service>, done: string): Promise<StepOutcome> {
  try {
    const updated = await call()
    notifySuccess(done)
    return updated
  } catch (error) {
    return explainRefusal(error, service, step)
  }
}

/** The reason a decline or cancel requires, asked for in a prompt; undefined when the prompt is closed. */
function askReason(message: string, title: string, placeholder: string, confirmText: string): Promise<string | undefined> {
  return askText(message, { title, placeholder, confirmText, required: t('services.rule.reasonRequired'), textarea: true, danger: true })
}

function names(service: Service) {
  return { area: service.area.name, resource: service.resource.title }
}

/** 接单 after a confirmation that says how much of the resource it takes. */
export async function accept(service: Service): Promise<StepOutcome> {
  const confirmed = await confirmAction(
    t('services.confirm.accept', {
      ...names(service),
      quantity: amountText(service.resource, service.quantity),
    }),
    { type: 'info', confirmText: t('services.action.accept') },
  )
  if (!confirmed) return null
  return run(service, 'accept', () => acceptService(service.id), t('services.done.accepted'))
}

/** 拒单 with the reason the prompt requires. */
export async function decline(service: Service): Promise<StepOutcome> {
  const reason = await askReason(
    t('services.declinePrompt', names(service)),
    t('services.declineTitle'),
    t('services.placeholder.declineReason'),
    t('services.action.decline'),
  )
  if (reason === undefined) return null
  return run(service, 'decline', () => declineService(service.id, reason), t('services.done.declined'))
}

/** 开始服务 after a confirmation. */
export async function start(service: Service): Promise<StepOutcome> {
  const confirmed = await confirmAction(t('services.confirm.start', names(service)), {
    type: 'info',
    confirmText: t('services.action.start'),
  })
  if (!confirmed) return null
  return run(service, 'start', () => startService(service.id), t('services.done.started'))
}

/** 取消服务 with the reason the prompt requires; what it reserved goes back to the resource. */
export async function cancel(service: Service): Promise<StepOutcome> {
  const reason = await askReason(
    t('services.cancelPrompt', names(service)),
    t('services.cancelTitle'),
    t('services.placeholder.cancelReason'),
    t('services.action.cancel'),
  )
  if (reason === undefined) return null
  return run(service, 'cancel', () => cancelService(service.id, reason), t('services.done.cancelled'))
}
