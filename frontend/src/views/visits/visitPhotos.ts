import { isApiError } from '@/api/problem'

/** The image types the server keeps; a photo is sent as the raw body with its type. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export const PHOTO_ACCEPT = PHOTO_TYPES.join(',')
/** 5 MiB a photo, as the server allows. */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024
/** Nine photos a visit. */
export const PHOTOS_MAX = 9

/** A photo chosen on the form, with its local preview (an object URL, revoked when removed). */
export interface PickedPhoto {
  file: File
  url: string
}

export type PhotoProblem = 'type' | 'size' | 'empty' | 'count'

/** Why a chosen file cannot go with the visit; `chosen`: how many photos are already picked. */
export function photoProblem(file: { type: string; size: number }, chosen: number): PhotoProblem | null {
  if (chosen >= PHOTOS_MAX) return 'count'
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return 'type'
  if (file.size <= 0) return 'empty'
  if (file.size > PHOTO_MAX_BYTES) return 'size'
  return null
}

/** `1.2 MB` for the size message. */
export function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`
}

export interface UploadOutcome<F> {
  uploaded: number
  /** Photos not stored, in order: sent again by a retry. */
  failed: F[]
  /** The first refusal, to tell the user why. */
  error: unknown
}

/**
 * Sends the photos one after another (a phone on a weak network does better
 * with one request at a time), reporting `done / total` after each. A
 * refusal of one photo does not stop the others; `too_many_photos` does,
 * since every later one would be refused too.
 */
export async function uploadPhotos<F>(
  files: readonly F[],
  upload: (file: F) => Promise<unknown>,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<UploadOutcome<F>> {
  const failed: F[] = []
  let uploaded = 0
  let error: unknown = null
  for (const [index, file] of files.entries()) {
    try {
      await upload(file)
      uploaded++
    } catch (cause) {
      error ??= cause
      if (isApiError(cause) && cause.code === 'too_many_photos') {
        failed.push(...files.slice(index))
        break
      }
      failed.push(file)
    }
    onProgress(index + 1, files.length)
  }
  return { uploaded, failed, error }
}
