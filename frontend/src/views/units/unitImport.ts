import { isApiError } from '@/api/problem'
import type { UnitImportError, UnitImportReport } from '@/api/units'
import { t, te } from '@/locales'
import { describeFieldError } from '@/utils/errors'

/** The import takes spreadsheets and CSV files only. */
export const IMPORT_ACCEPT = '.xlsx,.csv'

export function isImportFile(name: string): boolean {
  const lower = name.toLowerCase()
  return lower.endsWith('.xlsx') || lower.endsWith('.csv')
}

/** Server field name (a column of the template) → the label the form uses. */
const FIELD_LABELS: Record<string, string> = {
  name: 'units.field.name',
  kind: 'units.field.kind',
  credit_code: 'units.field.creditCode',
  area_id: 'units.field.area',
  area_code: 'units.import.areaCode',
  area: 'units.field.area',
  grid_ids: 'units.field.grids',
  grid_codes: 'units.import.gridCodes',
  grids: 'units.field.grids',
  contact_name: 'units.field.contactName',
  contact_phone: 'units.field.contactPhone',
  address: 'units.field.address',
  party_member_count: 'units.field.partyMembers',
  commitment: 'units.field.commitment',
  commitment_phone: 'units.field.commitmentPhone',
}

/** 字段 column of the report: the column's label; the whole row when the error names none. */
export function importFieldLabel(field: string): string {
  if (field === '' || field === 'row' || field === 'body') return t('units.import.unknownField')
  const base = field.replace(/\[\d+\]$/, '')
  const key = FIELD_LABELS[base]
  return key && te(key) ? t(key) : field
}

/** Wording that fits a cell of a file better than the general field text. */
const REASONS: Record<string, string> = {
  'kind:invalid_type': 'units.import.reasons.kind',
  'party_member_count:invalid_type': 'units.import.reasons.wholeNumber',
  'credit_code:duplicate': 'units.import.reasons.duplicateCreditCode',
  'area_code:not_found': 'units.import.reasons.codeNotFound',
  'grid_codes:not_found': 'units.import.reasons.codeNotFound',
  'grid_codes:not_a_grid': 'units.import.reasons.notAGrid',
  'required': 'units.import.reasons.required',
}

/** 原因 column: the translated text of the field code, else the server's message. */
export function importReason(error: UnitImportError): string {
  const key = REASONS[`${error.field}:${error.code}`] ?? REASONS[error.code]
  if (key && te(key)) return t(key)
  return describeFieldError({ field: error.field, code: error.code, message: error.message })
}

/** A file the server cannot use at all (422 on `file`): what is wrong with it, translated. */
export function fileProblems(error: unknown): string[] {
  if (!isApiError(error) || error.status !== 422) return []
  return [
    ...new Set(
      error.fieldErrors
        .filter((fieldError) => fieldError.field === 'file' || fieldError.field === 'body')
        .map((fieldError) => describeFieldError(fieldError)),
    ),
  ]
}

/** Rows with at least one problem (a row may have several). */
export function badRowCount(report: UnitImportReport): number {
  return new Set(report.errors.map((error) => error.row)).size
}
