import { ApiError, CLIENT_CODES, isApiError, type FieldError } from '@/api/problem'
import { t, te } from '@/locales'

/**
 * The message a person reads for a failed call, in the current language.
 * Switches on the stable `code`, never on the server's English text.
 */
export function describeError(error: unknown): string {
  if (!isApiError(error)) return t('errors.code.internal_error')
  const { code, retryAfter, status } = error
  if (code === 'account_locked' && retryAfter !== null) {
    return t('errors.code.account_locked_for', { minutes: Math.max(1, Math.ceil(retryAfter / 60)) })
  }
  if (code === 'rate_limited' && retryAfter !== null) {
    return t('errors.code.rate_limited_for', { seconds: retryAfter })
  }
  if (code === CLIENT_CODES.unexpected) return t('errors.code.unexpected_response', { status })
  const key = `errors.code.${code}`
  return te(key) ? t(key) : t('errors.unknown', { code: `${status} ${code}` })
}

/** The text shown under a field for one entry of `errors`. */
export function describeFieldError(fieldError: FieldError): string {
  const key = `errors.field.${fieldError.code}`
  return te(key) ? t(key) : fieldError.message
}

/** `members[2].name` (server) → `members.2.name` (el-form `prop` path). */
export function toFormProp(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1')
}

/** A form's own wording for some field errors (undefined: the general text). */
export type FieldErrorText = (fieldError: FieldError) => string | undefined

/**
 * Field errors of a failed call as `prop → message`, the first message per
 * field. `fieldMap` renames server fields to form props where they differ;
 * `describe` words a code the way the form's subject needs (a party
 * organisation's parent is not an area's).
 */
export function fieldErrorMessages(
  error: unknown,
  fieldMap: Record<string, string> = {},
  describe?: FieldErrorText,
): Record<string, string> {
  const out: Record<string, string> = {}
  if (!isApiError(error)) return out
  for (const fieldError of error.fieldErrors) {
    const prop = fieldMap[fieldError.field] ?? toFormProp(fieldError.field)
    out[prop] ??= describe?.(fieldError) ?? describeFieldError(fieldError)
  }
  return out
}

/** The message plus the request id, which support needs to find the server's log lines. */
export function describeErrorForSupport(error: unknown): string {
  const message = describeError(error)
  if (error instanceof ApiError && error.requestId) {
    return `${message}（${t('errors.requestId', { id: error.requestId })}）`
  }
  return message
}
