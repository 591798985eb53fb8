import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/problem'
import { createBody, emptyVisit, visitProblems } from '@/views/visits/visitForm'
import { megabytes, PHOTO_MAX_BYTES, photoProblem, PHOTOS_MAX, uploadPhotos } from '@/views/visits/visitPhotos'

const TODAY = '2026-11-25'

describe('the visit form', () => {
  it('starts today with a plain visit, and accepts a filled-in one', () => {
    const form = { ...emptyVisit(TODAY, 11), content: '上门了解近况' }
    expect(form).toMatchObject({ visited_on: TODAY, kind: 'visit', pairing_id: 11 })
    expect(visitProblems(form, TODAY, '2026-11-01')).toEqual({})
  })

  it('refuses a day after today or before the pairing started', () => {
    const form = { ...emptyVisit(TODAY, 11), content: 'x' }
    expect(visitProblems({ ...form, visited_on: '2026-11-26' }, TODAY).visited_on).toBe('dateFuture')
    expect(visitProblems({ ...form, visited_on: '2026-10-31' }, TODAY, '2026-11-01').visited_on).toBe('dateBeforeStart')
    expect(visitProblems({ ...form, visited_on: '' }, TODAY).visited_on).toBe('dateRequired')
  })

  it('asks which paperwork only for a 代办事项 visit', () => {
    const form = { ...emptyVisit(TODAY, 11), content: 'x', kind: 'paperwork' as const }
    expect(visitProblems(form, TODAY).paperwork).toBe('paperworkRequired')
    expect(visitProblems({ ...form, paperwork: 'allowance' }, TODAY)).toEqual({})
    expect(visitProblems({ ...form, kind: 'gifts' }, TODAY).paperwork).toBeUndefined()
  })

  it('needs content, a pairing and a follow-up after the visit', () => {
    const form = emptyVisit(TODAY)
    expect(visitProblems({ ...form, content: '  ' }, TODAY)).toEqual({ pairing_id: 'pairingRequired', content: 'contentRequired' })
    expect(visitProblems({ ...form, pairing_id: 1, content: 'x'.repeat(2001) }, TODAY).content).toBe('contentTooLong')
    expect(visitProblems({ ...form, pairing_id: 1, content: 'x', follow_up_on: TODAY }, TODAY).follow_up_on).toBe('followUpNotAfter')
    expect(visitProblems({ ...form, pairing_id: 1, content: 'x', follow_up_on: '2026-12-25' }, TODAY)).toEqual({})
    expect(visitProblems({ ...form, pairing_id: 1, content: 'x', kind: '' }, TODAY).kind).toBe('kindRequired')
  })

  it('sends paperwork only with a 代办事项 visit, blanks as null', () => {
    const form = { ...emptyVisit(TODAY, 11), content: ' 代办低保年审 ', kind: 'paperwork' as const, paperwork: 'allowance' as const }
    expect(createBody(form)).toEqual({
      visited_on: TODAY, kind: 'paperwork', paperwork: 'allowance', content: '代办低保年审', outcome: null, follow_up_on: null,
    })
    expect(createBody({ ...form, kind: 'medical' }).paperwork).toBeNull()
  })
})

describe('visit photos', () => {
  it('takes JPEG, PNG and WebP up to 5 MB, nine at most', () => {
    expect(photoProblem({ type: 'image/jpeg', size: 1024 }, 0)).toBeNull()
    expect(photoProblem({ type: 'image/webp', size: PHOTO_MAX_BYTES }, 8)).toBeNull()
    expect(photoProblem({ type: 'image/png', size: PHOTO_MAX_BYTES + 1 }, 0)).toBe('size')
    expect(photoProblem({ type: 'image/gif', size: 10 }, 0)).toBe('type')
    expect(photoProblem({ type: 'image/heic', size: 10 }, 0)).toBe('type')
    expect(photoProblem({ type: 'image/jpeg', size: 0 }, 0)).toBe('empty')
    expect(photoProblem({ type: 'image/jpeg', size: 10 }, PHOTOS_MAX)).toBe('count')
    expect(megabytes(6 * 1024 * 1024 + 300_000)).toBe('6.3 MB')
  })

  it('uploads one after another, reporting progress, keeping the ones that failed for a retry', async () => {
    const upload = vi.fn(async (name: string) => {
      if (name === 'b') throw new ApiError({ status: 413, code: 'payload_too_large', message: 'big' })
    })
    const progress: string[] = []
    const outcome = await uploadPhotos(['a', 'b', 'c'], upload, (done, total) => progress.push(`${done}/${total}`))
    expect(upload.mock.calls.map((call) => call[0])).toEqual(['a', 'b', 'c'])
    expect(progress).toEqual(['1/3', '2/3', '3/3'])
    expect(outcome).toMatchObject({ uploaded: 2, failed: ['b'] })
    expect((outcome.error as ApiError).code).toBe('payload_too_large')
  })

  it('stops at too_many_photos: every later photo would be refused too', async () => {
    const upload = vi.fn(async (name: string) => {
      if (name === 'b') throw new ApiError({ status: 409, code: 'too_many_photos', message: 'nine' })
    })
    const outcome = await uploadPhotos(['a', 'b', 'c'], upload)
    expect(upload).toHaveBeenCalledTimes(2)
    expect(outcome).toMatchObject({ uploaded: 1, failed: ['b', 'c'] })
  })
})
