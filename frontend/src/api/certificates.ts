import { api, compactQuery, unwrap } from './client'
import type { operations, paths } from './schema'
import type { Certificate, IssueCertificate, ListPage } from './types'

/** Query of `GET /certificates`: page, page_size, q (number, name or volunteer number), volunteer_id. */
export type CertificateListQuery = NonNullable<operations['list_certificates']['parameters']['query']>

/** Certificates of volunteers in reach, newest first. */
export function listCertificates(query: CertificateListQuery = {}): Promise<ListPage<Certificate>> {
  return unwrap(api.GET('/api/v1/certificates', { params: { query: compactQuery(query) } }))
}

export function getCertificate(id: number): Promise<Certificate> {
  return unwrap(api.GET('/api/v1/certificates/{id}', { params: { path: { id } } }))
}

/**
 * 开具证明 for a volunteer in reach and a period of days served. 422 on `to`:
 * `ends_before_start`, `in_the_future`; on `from`: `no_hours`.
 */
export function issueCertificate(body: IssueCertificate): Promise<Certificate> {
  return unwrap(api.POST('/api/v1/certificates', { body }))
}

const VERIFY_PATH = '/api/v1/certificates/{number}/verify' satisfies keyof paths

/** The public check printed on a certificate: no sign-in needed. */
export function verifyPath(certificateNo: string, checkCode: string): string {
  return `${VERIFY_PATH.replace('{number}', encodeURIComponent(certificateNo))}?code=${encodeURIComponent(checkCode)}`
}
