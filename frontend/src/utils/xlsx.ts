import { formatDateTime } from './format'

export type XlsxValue = string | number | boolean | Date | null | undefined

/** One column of an export: its header and how to get a row's cell. */
export interface XlsxColumn<T> {
  header: string
  value: (row: T) => XlsxValue
  /** Width in characters (default 16). */
  width?: number
}

/**
 * Writes `rows` to an .xlsx file and lets the browser download it. The
 * spreadsheet library is loaded only now, so it does not weigh on the first
 * page load. Dates are written as text in local time (Excel has no zones).
 */
export async function exportXlsx<T>(filename: string, columns: XlsxColumn<T>[], rows: readonly T[]): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser')
  const header = columns.map((column) => ({ value: column.header, fontWeight: 'bold' as const }))
  const body = rows.map((row) =>
    columns.map((column) => {
      const value = column.value(row)
      if (value instanceof Date) return formatDateTime(value)
      return value ?? null
    }),
  )
  const name = filename.toLowerCase().endsWith('.xlsx') ? filename : `${filename}.xlsx`
  await writeXlsxFile([header, ...body], {
    columns: columns.map((column) => ({ width: column.width ?? 16 })),
    stickyRowsCount: 1,
  }).toFile(name)
}
