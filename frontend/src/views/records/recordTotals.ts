import type { LocationQuery } from 'vue-router'
import { TOTALS_GROUPS, type TotalsGroup } from '@/api/types'
import type { TotalsQuery } from '@/api/records'
import { asDay } from './recordList'

/** The totals page's choices, as they appear in the URL (`group_by` defaults to volunteers). */
export interface TotalsFilters {
  group_by: TotalsGroup
  from: string | undefined
  to: string | undefined
  area_id: number | undefined
}

function first(value: LocationQuery[string] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value
  return typeof raw === 'string' ? raw : undefined
}

export function readTotalsQuery(query: LocationQuery): TotalsFilters {
  const group = first(query.group_by)
  const area = Number(first(query.area_id))
  const from = asDay(first(query.from) ?? '')
  const to = asDay(first(query.to) ?? '')
  return {
    group_by: TOTALS_GROUPS.find((g) => g === group) ?? 'volunteer',
    from: from && to ? from : undefined,
    to: from && to ? to : undefined,
    area_id: Number.isInteger(area) && area > 0 ? area : undefined,
  }
}

/** Volunteers and units are many: ask for up to a thousand groups; months, years and areas come whole. */
export const TOTALS_LIMIT = 1000

export function totalsQuery(filters: TotalsFilters): TotalsQuery {
  const many = filters.group_by === 'volunteer' || filters.group_by === 'unit'
  return {
    group_by: filters.group_by,
    from: filters.from,
    to: filters.to,
    area_id: filters.area_id,
    limit: many ? TOTALS_LIMIT : undefined,
  }
}

/** A group's share of all minutes, in percent to one place. */
export function shareOf(minutes: number, all: number): number {
  if (all <= 0) return 0
  return Math.round((minutes / all) * 1000) / 10
}
