import type { Certificate, ServiceRecord } from '@/api/types'

/** An original record as `GET /service-records` lists it. */
export function record(overrides: Partial<ServiceRecord> = {}): ServiceRecord {
  return {
    id: 7, kind: 'original', minutes: 180, hours: 3, effective_minutes: 180, corrects_id: null, reason: null,
    enrollment_id: 21, service_date: '2026-05-02', content: '社区环境整治',
    volunteer: { id: 42, volunteer_no: 'V2026000042', name: '王芳' },
    project: { id: 3, title: '社区环境整治' },
    area: { id: 4, code: '152922100001', name: '巴丹吉林社区', kind: 'community' },
    unit: null,
    confirmed_by: { id: 4, display_name: '巴丹吉林社区管理员' },
    created_at: '2026-05-02T10:00:00Z',
    ...overrides,
  }
}

export function certificate(overrides: Partial<Certificate> = {}): Certificate {
  return {
    id: 5, certificate_no: 'C2026000005', check_code: 'K7M2Q9XA',
    volunteer: { id: 42, volunteer_no: 'V2026000042', name: '王芳' },
    period_from: '2026-01-01', period_to: '2026-05-20', minutes: 390, hours: 6.5,
    projects: [
      { id: 3, title: '社区环境整治', minutes: 270, hours: 4.5 },
      { id: 4, title: '关爱独居老人', minutes: 120, hours: 2 },
    ],
    issuer_name: '巴丹吉林社区', issued_on: '2026-05-20', created_at: '2026-05-20T02:00:00Z',
    ...overrides,
  }
}
