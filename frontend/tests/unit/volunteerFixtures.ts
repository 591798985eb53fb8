import type { Volunteer } from '@/api/types'

/** A volunteer as `GET /volunteers` lists them: the identity number masked. */
export function volunteer(overrides: Partial<Volunteer> = {}): Volunteer {
  return {
    id: 42, volunteer_no: 'V2026000042', name: '王芳', phone: '13904830042', id_number: '110***********002X',
    political_status: 'party_member', in_service: true, work_unit: { id: 1, name: '阿拉善右旗人民医院' },
    area: { id: 6, code: '152922100001001', name: '第1网格', kind: 'grid' }, skills: ['医疗护理', '心理疏导'],
    status: 'active', has_account: false, reject_reason: null, version: 2,
    created_at: '2026-05-01T00:00:00Z', updated_at: '2026-05-01T00:00:00Z',
    ...overrides,
  }
}
