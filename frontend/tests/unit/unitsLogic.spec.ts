import { describe, expect, it } from 'vitest'
import type { Unit } from '@/api/types'
import { importContentType } from '@/api/units'
import { ApiError } from '@/api/problem'
import { setLocale } from '@/locales'
import { createBody, emptyForm, formOf, updateBody } from '@/views/units/unitForm'
import { badRowCount, fileProblems, importFieldLabel, importReason, isImportFile } from '@/views/units/unitImport'
import { filenameFromDisposition } from '@/utils/download'

function hospital(overrides: Partial<Unit> = {}): Unit {
  return {
    id: 1,
    name: '阿拉善右旗人民医院',
    kind: 'public_institution',
    credit_code: '121529224600100234',
    area: { id: 4, code: '152922100001', name: '巴丹吉林社区', kind: 'community' },
    grids: [
      { id: 6, code: '152922100001001', name: '巴丹吉林社区第1网格', kind: 'grid' },
      { id: 7, code: '152922100001002', name: '巴丹吉林社区第2网格', kind: 'grid' },
    ],
    contact_name: '党办主任',
    contact_phone: '0483-6021234',
    address: '巴丹吉林社区内',
    party_member_count: 36,
    commitment: '每月开展一次社区义诊',
    commitment_phone: '0483-6021234',
    status: 'active',
    version: 3,
    created_at: '2026-05-01T00:00:00Z',
    updated_at: '2026-05-01T00:00:00Z',
    ...overrides,
  }
}

describe('unit form bodies', () => {
  it('creates with the code upper-cased and blank optional text as null', () => {
    const form = { ...emptyForm(4), name: ' 新单位 ', kind: 'other' as const, credit_code: '91350100m000100y43', grid_ids: [6] }
    expect(createBody({ ...form, area_id: 4 })).toEqual({
      name: '新单位',
      kind: 'other',
      credit_code: '91350100M000100Y43',
      area_id: 4,
      grid_ids: [6],
      contact_name: null,
      contact_phone: null,
      address: null,
      party_member_count: 0,
      commitment: null,
      commitment_phone: null,
    })
  })

  it('sends only what changed; grids in another order are no change', () => {
    const unit = hospital()
    const form = { ...formOf(unit), grid_ids: [7, 6], commitment: '每月两次义诊', address: '  ' }
    expect(updateBody(unit, form)).toEqual({ commitment: '每月两次义诊', address: null })
    expect(updateBody(unit, formOf(unit))).toEqual({})
  })

  it('leaves the office fields out for a unit contact, even when the form holds changes to them', () => {
    const unit = hospital()
    const form = { ...formOf(unit), name: '改名', grid_ids: [6], party_member_count: 40 }
    expect(updateBody(unit, form, true)).toEqual({ party_member_count: 40 })
    expect(updateBody(unit, form, false)).toEqual({ party_member_count: 40, name: '改名', grid_ids: [6] })
  })
})

describe('unit import', () => {
  it('accepts spreadsheets and CSV files only, and sends them with their type', () => {
    expect(isImportFile('单位.XLSX')).toBe(true)
    expect(isImportFile('units.csv')).toBe(true)
    expect(isImportFile('units.xls')).toBe(false)
    expect(importContentType({ name: 'units.csv', type: '' })).toBe('text/csv')
    expect(importContentType({ name: 'units.xlsx', type: '' })).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    expect(importContentType({ name: 'units.csv', type: 'text/csv' })).toBe('text/csv')
  })

  it('names columns and reasons in Chinese', () => {
    setLocale('zh-CN')
    expect(importFieldLabel('credit_code')).toBe('统一社会信用代码')
    expect(importFieldLabel('area_code')).toBe('所属区域编码')
    expect(importFieldLabel('row')).toBe('整行')
    expect(importFieldLabel('something_else')).toBe('something_else')
    expect(importReason({ row: 3, field: 'credit_code', code: 'invalid_credit_code', message: 'bad' })).toBe(
      '统一社会信用代码不正确（18 位，校验码须正确）',
    )
    expect(importReason({ row: 3, field: 'grid_codes', code: 'not_found', message: 'no area' })).toBe(
      '找不到该编码的区域，或不在您的管辖范围内',
    )
    expect(importReason({ row: 3, field: 'name', code: 'required', message: 'x' })).toBe('必填项未填写')
    // A code the client does not know: the server's message rather than nothing.
    expect(importReason({ row: 3, field: 'name', code: 'brand_new', message: 'server text' })).toBe('server text')
  })

  it('counts bad rows, not problems', () => {
    const report = {
      dry_run: true,
      mode: 'all_or_nothing' as const,
      total_rows: 5,
      valid_rows: 3,
      imported: 0,
      errors: [
        { row: 2, field: 'kind', code: 'invalid_type', message: '' },
        { row: 2, field: 'credit_code', code: 'invalid_credit_code', message: '' },
        { row: 6, field: 'name', code: 'required', message: '' },
      ],
    }
    expect(badRowCount(report)).toBe(2)
  })

  it('reads a refusal of the whole file', () => {
    setLocale('zh-CN')
    const error = new ApiError({
      status: 422,
      code: 'validation_failed',
      message: 'invalid',
      fieldErrors: [
        { field: 'file', code: 'missing_column', message: 'lacks 单位名称' },
        { field: 'file', code: 'missing_column', message: 'lacks 单位类型' },
      ],
    })
    expect(fileProblems(error)).toEqual([expect.stringContaining('缺少必填列')])
    expect(fileProblems(new ApiError({ status: 500, code: 'internal_error', message: '' }))).toEqual([])
  })
})

describe('downloads', () => {
  it('takes the file name from Content-Disposition, the UTF-8 form first', () => {
    expect(
      filenameFromDisposition(
        `attachment; filename="units-20261125.xlsx"; filename*=UTF-8''%E5%85%B1%E5%BB%BA%E5%8D%95%E4%BD%8D-20261125.xlsx`,
      ),
    ).toBe('共建单位-20261125.xlsx')
    expect(filenameFromDisposition('attachment; filename="units.xlsx"')).toBe('units.xlsx')
    expect(filenameFromDisposition('attachment; filename=units.xlsx')).toBe('units.xlsx')
    expect(filenameFromDisposition('attachment')).toBeNull()
    expect(filenameFromDisposition(null)).toBeNull()
  })
})
