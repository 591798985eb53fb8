import { rawRequest } from '@/api/client'

/**
 * The file name a server suggests in `Content-Disposition`: the RFC 5987
 * `filename*=UTF-8''…` form first (Chinese names travel that way), else the
 * plain `filename="…"`.
 */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header)
  if (extended?.[2]) {
    try {
      return decodeURIComponent(extended[2].trim().replace(/^"|"$/g, ''))
    } catch {
      // a malformed escape: fall back to the plain name
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header)
  const name = plain?.[2] ?? plain?.[1]?.trim()
  return name ? name : null
}

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // The click has started the download; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/**
 * Downloads a file from the API with the bearer token (a plain link cannot
 * send it) and saves it under the server's name, or `fallbackName`.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  const response = await rawRequest(path)
  const blob = await response.blob()
  const filename = filenameFromDisposition(response.headers.get('Content-Disposition')) ?? fallbackName
  saveBlob(blob, filename)
  return filename
}
