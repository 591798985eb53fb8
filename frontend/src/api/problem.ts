import type { components } from './schema'

/** The body of every error answer (RFC 9457 problem details). */
export type Problem = components['schemas']['Problem']
/** One invalid field of a request, inside `Problem.errors`. */
export type FieldError = components['schemas']['FieldError']

/** Codes the client itself produces when no problem document came back. */
export const CLIENT_CODES = {
  /** The request never got an answer (offline, proxy down, aborted). */
  network: 'network_error',
  /** An answer that is not problem+json (an HTML error page from a proxy). */
  unexpected: 'unexpected_response',
} as const

/**
 * A failed API call. `code` is the problem's stable code (see docs/errors.md)
 * or one of `CLIENT_CODES`; pages switch on it and show translated text.
 */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly requestId: string | null
  readonly fieldErrors: FieldError[]
  readonly problem: Problem | null
  /** Seconds from `Retry-After` (429, `account_locked`). */
  readonly retryAfter: number | null

  constructor(init: {
    status: number
    code: string
    message: string
    requestId?: string | null
    fieldErrors?: FieldError[]
    problem?: Problem | null
    retryAfter?: number | null
  }) {
    super(init.message)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.requestId = init.requestId ?? null
    this.fieldErrors = init.fieldErrors ?? []
    this.problem = init.problem ?? null
    this.retryAfter = init.retryAfter ?? null
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isFieldError(value: unknown): value is FieldError {
  return (
    isRecord(value) &&
    typeof value.field === 'string' &&
    typeof value.code === 'string' &&
    typeof value.message === 'string'
  )
}

/** Whether a parsed body has the shape of a problem document. */
export function isProblem(value: unknown): value is Problem {
  return (
    isRecord(value) &&
    typeof value.code === 'string' &&
    typeof value.status === 'number' &&
    typeof value.title === 'string'
  )
}

function retryAfterOf(response: Response): number | null {
  const header = response.headers.get('Retry-After')
  if (header === null) return null
  const seconds = Number.parseInt(header, 10)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null
}

/** Turns an error answer (its parsed body, if any) into an `ApiError`. */
export function toApiError(body: unknown, response: Response): ApiError {
  const headerRequestId = response.headers.get('X-Request-Id')
  const retryAfter = retryAfterOf(response)
  if (isProblem(body)) {
    const fieldErrors = Array.isArray(body.errors) ? body.errors.filter(isFieldError) : []
    return new ApiError({
      status: response.status,
      code: body.code,
      message: body.detail ?? body.title,
      requestId: body.request_id ?? headerRequestId,
      fieldErrors,
      problem: body,
      retryAfter,
    })
  }
  return new ApiError({
    status: response.status,
    code: CLIENT_CODES.unexpected,
    message: `HTTP ${response.status}`,
    requestId: headerRequestId,
    retryAfter,
  })
}

/** The request did not get an answer at all. */
export function networkError(cause: unknown): ApiError {
  const message = cause instanceof Error ? cause.message : 'network error'
  return new ApiError({ status: 0, code: CLIENT_CODES.network, message })
}
