import type { MatchFactor, MatchReason } from '@/api/types'

/** The most points each factor can give (the server's scoring table, 100 in all). */
export const FACTOR_MAX: Record<MatchFactor, number> = {
  category: 25,
  closeness: 25,
  availability: 15,
  quantity: 10,
  agreement: 15,
  acceptance_rate: 5,
  rating: 5,
}

/** Score bar colour: green from 70, amber from 40, grey below. */
export function scoreColor(score: number): string {
  if (score >= 70) return '#67c23a'
  if (score >= 40) return '#e6a23c'
  return '#909399'
}

/**
 * How a reason tag looks: full marks `success`, some points `primary`,
 * none `info` (a factor that did not count for this resource).
 */
export function reasonTagType(reason: Pick<MatchReason, 'factor' | 'points'>): 'success' | 'primary' | 'info' {
  if (reason.points <= 0) return 'info'
  return reason.points >= FACTOR_MAX[reason.factor] ? 'success' : 'primary'
}

/** Strongest first; a factor that scored nothing stays (grey) since it says why: 尚无有效共建协议. */
export function shownReasons(reasons: readonly MatchReason[]): MatchReason[] {
  return [...reasons].sort((a, b) => b.points - a.points)
}
