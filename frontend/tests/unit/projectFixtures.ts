import type { Project } from '@/api/types'

/** A project as `GET /volunteer-projects` lists them. */
export function project(overrides: Partial<Project> = {}): Project {
  return {
    id: 3, title: '周末助老送餐', category: 'care',
    organiser: { id: 4, kind: 'community', name: '巴丹吉林社区' },
    area: { id: 4, code: '152922100001', name: '巴丹吉林社区', kind: 'community' },
    place: '社区服务中心', description: null, requirements: null, approval_mode: 'automatic',
    status: 'draft', cancel_reason: null, version: 1,
    created_at: '2026-05-01T00:00:00Z', updated_at: '2026-05-01T00:00:00Z',
    ...overrides,
  }
}
