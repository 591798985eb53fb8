import { api, compactQuery, queryString, unwrap } from './client'
import type { operations, paths } from './schema'
import type {
  CreateHousehold,
  Household,
  HouseholdDetail,
  ListPage,
  PersonalData,
  RetentionRun,
  RevealedHousehold,
  UpdateHousehold,
} from './types'

/**
 * Query of `GET /households`: page, page_size, sort, q (head name, household
 * number, address), area_id (that area and below), category, status,
 * archived (true: archived only; false: live only; absent: both), overdue.
 */
export type HouseholdListQuery = NonNullable<operations['list_households']['parameters']['query']>

/** Fields `GET /households` sorts by; the default is `-created_at`. */
export const HOUSEHOLD_SORT_FIELDS = ['created_at', 'updated_at', 'household_no', 'head_name', 'id'] as const

/** The ledger (困难家庭台账) in reach: identity numbers and phones masked, the situation withheld. */
export function listHouseholds(query: HouseholdListQuery = {}): Promise<ListPage<Household>> {
  return unwrap(api.GET('/api/v1/households', { params: { query: compactQuery(query) } }))
}

/** One household with its pairings (ended ones too) and its latest 100 visits. */
export function getHousehold(id: number): Promise<HouseholdDetail> {
  return unwrap(api.GET('/api/v1/households/{id}', { params: { path: { id } } }))
}

/** 422 `wrong_area_kind` on `area_id`, `invalid_id_number`; 409 `duplicate` on `id_number`. */
export function createHousehold(body: CreateHousehold): Promise<Household> {
  return unwrap(api.POST('/api/v1/households', { body }))
}

export function updateHousehold(id: number, ifMatch: string, patch: UpdateHousehold): Promise<Household> {
  return unwrap(
    api.PATCH('/api/v1/households/{id}', {
      params: { path: { id }, header: { 'If-Match': ifMatch } },
      body: patch,
    }),
  )
}

/**
 * 查看敏感信息 (`households.reveal`): identity number, phone and situation in
 * full. A POST so neither the reason nor the data lands in a URL; audited with the reason.
 */
export function revealHousehold(id: number, reason: string): Promise<RevealedHousehold> {
  return unwrap(api.POST('/api/v1/households/{id}/reveal', { params: { path: { id } }, body: { reason } }))
}

/** 归档: a household no longer active; its pairings end and its open wishes are withdrawn (409 `invalid_transition` while active). */
export function archiveHousehold(id: number): Promise<Household> {
  return unwrap(api.POST('/api/v1/households/{id}/archive', { params: { path: { id } } }))
}

/** 导出个人数据: everything held about one household, sealed fields opened (`households.reveal`, audited). */
export function personalData(id: number, reason: string): Promise<PersonalData> {
  return unwrap(api.POST('/api/v1/households/{id}/personal-data', { params: { path: { id } }, body: { reason } }))
}

/** Erases now the personal fields of archived households past their retention period (`households.erase`). */
export function runRetention(): Promise<RetentionRun> {
  return unwrap(api.POST('/api/v1/households/retention/run'))
}

const EXPORT_PATH = '/api/v1/households/export' satisfies keyof paths

/** Query of `GET /households/export`: the list's filters and sort; `plain` with a `reason` unmasks. */
export type HouseholdExportQuery = Omit<NonNullable<operations['export_households']['parameters']['query']>, 'page' | 'page_size'>

/** `GET /households/export` for the list's filters: the ledger as .xlsx (masked unless `plain`). */
export function householdExportPath(query: HouseholdExportQuery): string {
  return `${EXPORT_PATH}${queryString(query)}`
}
