import { describe, expect, it } from 'vitest'
import { PROJECT_STATUSES } from '@/api/types'
import zhCN from '@/locales/zh-CN'
import { createBody, emptyForm, formOf, updateBody } from '@/views/projects/projectForm'
import { NEXT_STEP, PROJECT_FILTERS, projectActionsOf } from '@/views/projects/projectList'
import { project } from './projectFixtures'

const ORGANISER = ['projects.read', 'projects.write']

describe('project states', () => {
  it('steps draft → recruiting → in progress → completed, each with its Chinese action', () => {
    expect(PROJECT_STATUSES.map((s) => NEXT_STEP[s])).toEqual(['publish', 'start', 'complete', null, null])
    expect(PROJECT_STATUSES.map((s) => zhCN.enums.projectStatus[s])).toEqual(['草稿', '招募中', '进行中', '已完成', '已取消'])
    expect(zhCN.projects.action).toMatchObject({ publish: '发布招募', start: '开始', complete: '完成' })
  })

  it('offers organisers edit, the next step and cancel until the project is over; readers nothing', () => {
    expect(projectActionsOf(project(), ORGANISER)).toEqual({ edit: true, step: 'publish', cancel: true })
    expect(projectActionsOf(project({ status: 'in_progress' }), ORGANISER)).toEqual({ edit: true, step: 'complete', cancel: true })
    expect(projectActionsOf(project({ status: 'completed' }), ORGANISER)).toEqual({ edit: false, step: null, cancel: false })
    expect(projectActionsOf(project({ status: 'cancelled' }), ORGANISER)).toEqual({ edit: false, step: null, cancel: false })
    expect(projectActionsOf(project(), ['projects.read'])).toEqual({ edit: false, step: null, cancel: false })
  })

  it('reads its filters from the URL', () => {
    expect(PROJECT_FILTERS.status('recruiting')).toBe('recruiting')
    expect(PROJECT_FILTERS.category('care')).toBe('care')
    expect(PROJECT_FILTERS.category('nothing')).toBeUndefined()
  })
})

describe('the project form', () => {
  it('sends only the organiser id that goes with the kind', () => {
    const form = { ...emptyForm(4), title: ' 周末助老送餐 ', category: 'care' as const, area_id: 4, organiser_unit_id: 1, organiser_party_org_id: 2 }
    expect(createBody({ ...form, organiser_kind: 'unit' })).toMatchObject({
      title: '周末助老送餐', organiser_kind: 'unit', organiser_unit_id: 1, organiser_party_org_id: null, approval_mode: 'automatic',
    })
    expect(createBody({ ...form, organiser_kind: 'community' })).toMatchObject({ organiser_unit_id: null, organiser_party_org_id: null })
  })

  it("starts a unit contact's project as their own unit's", () => {
    expect(emptyForm(4, 9)).toMatchObject({ organiser_kind: 'unit', organiser_unit_id: 9, area_id: 4 })
    expect(emptyForm(4, null)).toMatchObject({ organiser_kind: 'community', organiser_unit_id: undefined })
  })

  it('edits only what the PATCH takes, only what changed', () => {
    const p = project()
    const form = formOf(p)
    expect(updateBody(p, form)).toEqual({})
    form.approval_mode = 'manual'
    form.place = ''
    expect(updateBody(p, form)).toEqual({ approval_mode: 'manual', place: null })
  })
})
