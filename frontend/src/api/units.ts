import { api, compactQuery, queryString, rawRequest, unwrap } from './client'
import type { components, operations, paths } from './schema'
import type { CreateUnit, ListPage, Unit, UpdateUnit } from './types'

/** Query of `GET /units`: page, page_size, sort, q (name or credit code), kind, status, area_id. */
export type UnitListQuery = NonNullable<operations['list_units']['parameters']['query']>

/** Fields `GET /units` sorts by. */
export const UNIT_SORT_FIELDS = [
  'name',
  'kind',
  'credit_code',
  'party_member_count',
  'created_at',
  'updated_at',
  'id',
] as const

/** Units in reach: stationed in the caller's subtree, serving a grid in it, or the caller's own. */
export function listUnits(query: UnitListQuery = {}): Promise<ListPage<Unit>> {
  return unwrap(api.GET('/api/v1/units', { params: { query: compactQuery(query) } }))
}

/** One unit with its home area and the grids it serves. */
export function getUnit(id: number): Promise<Unit> {
  return unwrap(api.GET('/api/v1/units/{id}', { params: { path: { id } } }))
}

/** 422 `invalid_credit_code`, `not_a_grid`, `not_found`; 409 `duplicate` on `credit_code`. */
export function createUnit(body: CreateUnit): Promise<Unit> {
  return unwrap(api.POST('/api/v1/units', { body }))
}

/**
 * Changes the fields sent; `"status": "withdrawn"` records that the unit
 * left the alliance (units are never deleted). A unit contact may send only
 * the profile fields of their own unit (422 `not_editable` otherwise).
 */
export function updateUnit(id: number, ifMatch: string, patch: UpdateUnit): Promise<Unit> {
  return unwrap(
    api.PATCH('/api/v1/units/{id}', {
      params: { path: { id }, header: { 'If-Match': ifMatch } },
      body: patch,
    }),
  )
}

// Bulk import and server-side export. These endpoints take and give files,
// not JSON, so they go through `rawRequest`; their paths and query types
// still come from the OpenAPI document.

const IMPORT_PATH = '/api/v1/units/import' satisfies keyof paths
export const UNIT_IMPORT_TEMPLATE_PATH = '/api/v1/units/import-template' satisfies keyof paths
const EXPORT_PATH = '/api/v1/units/export' satisfies keyof paths

/** `all_or_nothing`: any bad row and nothing is imported; `good_rows`: the valid rows are. */
export type UnitImportMode = components['schemas']['ImportMode']
/** One refused cell or row of an import file. `row` counts the file's lines, the header being line 1. */
export type UnitImportError = components['schemas']['UnitImportError']
/** The answer of `POST /units/import`, for a dry run and for the real thing. */
export type UnitImportReport = components['schemas']['UnitImportReport']
type UnitImportQuery = NonNullable<operations['import_units']['parameters']['query']>
/** Query of `GET /units/export`: the list's filters and sort, no paging. */
export type UnitExportQuery = NonNullable<operations['export_units']['parameters']['query']>

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The content type a file is sent with: what the browser says, else by its extension. */
export function importContentType(file: Pick<File, 'name' | 'type'>): string {
  if (file.type) return file.type
  return file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : XLSX_TYPE
}

/**
 * Sends an .xlsx or .csv file as the raw body. `dryRun` checks every row and
 * changes nothing; the report lists the refused rows either way. A file the
 * server cannot use at all is a 422 with field errors on `file`.
 */
export async function importUnits(
  file: Blob & Pick<File, 'name' | 'type'>,
  options: { dryRun: boolean; mode: UnitImportMode },
): Promise<UnitImportReport> {
  const query: UnitImportQuery = { dry_run: options.dryRun, mode: options.mode }
  const response = await rawRequest(`${IMPORT_PATH}${queryString(query)}`, {
    method: 'POST',
    headers: { 'Content-Type': importContentType(file) },
    body: file,
  })
  return (await response.json()) as UnitImportReport
}

/** `GET /units/export` with the list's filters and sort: every matching unit as .xlsx. */
export function unitExportPath(query: UnitExportQuery): string {
  return `${EXPORT_PATH}${queryString(query)}`
}
