import type { IssueCertificate } from '@/api/types'

/** The period a certificate counts by default: this year up to today. */
export function defaultPeriod(today: string): [string, string] {
  return [`${today.slice(0, 4)}-01-01`, today]
}

export function issueBody(volunteerId: number, period: readonly [string, string]): IssueCertificate {
  return { volunteer_id: volunteerId, from: period[0], to: period[1] }
}

/** `2026-05-01` → `2026年5月1日`, as a certificate is written. */
export function chineseDate(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) return day
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`
}
