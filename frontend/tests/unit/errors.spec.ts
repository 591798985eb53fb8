import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError, networkError, toApiError } from '@/api/problem'
import { setLocale } from '@/locales'
import {
  describeError,
  describeErrorForSupport,
  describeFieldError,
  fieldErrorMessages,
  toFormProp,
} from '@/utils/errors'
import { problem } from './helpers'

async function errorOf(response: Response): Promise<ApiError> {
  return toApiError(await response.clone().json(), response)
}

describe('problem details → messages', () => {
  beforeEach(() => setLocale('zh-CN'))

  it('reads code, status, request id and field errors from problem+json', async () => {
    const error = await errorOf(
      problem(422, 'validation_failed', {
        errors: [{ field: 'parent_id', code: 'parent_kind_mismatch', message: 'a grid must sit under a community' }],
      }),
    )
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(422)
    expect(error.code).toBe('validation_failed')
    expect(error.requestId).toBe('req-test-1')
    expect(error.fieldErrors).toHaveLength(1)
  })

  it('maps problem codes to Chinese text, never the server English', async () => {
    expect(describeError(await errorOf(problem(401, 'invalid_credentials')))).toBe('用户名或密码错误')
    expect(describeError(await errorOf(problem(409, 'still_referenced')))).toBe('该记录仍被其他数据引用，无法删除')
    expect(describeError(await errorOf(problem(412, 'precondition_failed')))).toContain('已被他人修改')
  })

  it('uses Retry-After for a locked account', async () => {
    const response = problem(401, 'account_locked')
    const error = toApiError(await response.clone().json(), new Response(null, { status: 401, headers: { 'Retry-After': '600' } }))
    expect(describeError(error)).toBe('连续登录失败次数过多，账号已被锁定，请 10 分钟后再试')
  })

  it('follows the language switch', async () => {
    setLocale('en')
    expect(describeError(await errorOf(problem(401, 'invalid_credentials')))).toBe('Wrong username or password')
  })

  it('falls back to the code for an unknown problem, and handles network failures and HTML answers', () => {
    const unknown = new ApiError({ status: 418, code: 'teapot', message: 'x' })
    expect(describeError(unknown)).toBe('操作失败（418 teapot）')
    expect(describeError(networkError(new TypeError('Failed to fetch')))).toBe('网络连接失败，请检查网络后重试')
    const html = toApiError('<html>Bad gateway</html>', new Response('', { status: 502 }))
    expect(html.code).toBe('unexpected_response')
    expect(describeError(html)).toContain('HTTP 502')
  })

  it('adds the request id for support', async () => {
    const error = await errorOf(problem(503, 'service_unavailable'))
    expect(describeErrorForSupport(error)).toBe('服务暂时不可用，请稍后再试（请求编号：req-test-1）')
  })

  it('maps field error codes to messages keyed by form prop', async () => {
    const error = await errorOf(
      problem(422, 'validation_failed', {
        errors: [
          { field: 'code', code: 'invalid_code', message: 'must be 12 digits' },
          { field: 'code', code: 'duplicate', message: 'second entry for the same field' },
          { field: 'members[2].name', code: 'required', message: 'missing' },
          { field: 'leader_phone', code: 'some_new_code', message: 'server text' },
        ],
      }),
    )
    expect(fieldErrorMessages(error)).toEqual({
      code: '区划代码格式不正确',
      'members.2.name': '此项为必填项',
      leader_phone: 'server text',
    })
    expect(fieldErrorMessages(error, { code: 'areaCode' })).toHaveProperty('areaCode', '区划代码格式不正确')
    expect(describeFieldError({ field: 'new_password', code: 'weak_password', message: '' })).toContain('8～128')
    expect(toFormProp('a[0].b[11]')).toBe('a.0.b.11')
  })

  it('gives no field messages for errors without fields', () => {
    expect(fieldErrorMessages(new Error('boom'))).toEqual({})
  })
})
