import { describeErrorForSupport } from './errors'

/** Shows a failed call as a toast with its request id (ElMessage comes from auto-import). */
export function notifyError(error: unknown): void {
  ElMessage({
    type: 'error',
    message: describeErrorForSupport(error),
    showClose: true,
    duration: 6000,
    grouping: true,
  })
}

export function notifySuccess(message: string): void {
  ElMessage({ type: 'success', message, grouping: true })
}
