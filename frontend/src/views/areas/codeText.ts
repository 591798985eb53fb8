import type { AreaKind } from '@/api/types'
import { t } from '@/locales'
import { codePrefix, type CodeProblem } from './areaRules'

/** The rule for a code, shown under the field: what it must look like and begin with. */
export function codeHint(kind: AreaKind | '', parentCode: string | null | undefined): string {
  const prefix = kind ? codePrefix(kind, parentCode) : ''
  switch (kind) {
    case '':
      return ''
    case 'district':
      return t('areas.hint.district')
    case 'street':
      return prefix ? t('areas.hint.street', { prefix }) : t('areas.hint.district')
    case 'community':
      return prefix ? t('areas.hint.community', { prefix }) : t('areas.hint.district')
    default:
      return prefix ? t('areas.hint.local', { prefix }) : t('areas.hint.localNoParent')
  }
}

/** Why a code does not fit, as the form's own rule says it (the server's codes say the same). */
export function codeProblemText(problem: CodeProblem, kind: AreaKind, parentCode: string | null | undefined): string {
  const prefix = codePrefix(kind, parentCode)
  if (problem === 'invalid_code') {
    return kind === 'grid' || kind === 'building' ? t('areas.rule.localCode') : t('areas.rule.statisticalCode')
  }
  if (kind === 'street') return t('areas.rule.codeOutsideStreet', { prefix })
  if (kind === 'community') return t('areas.rule.codeOutsideCommunity', { prefix })
  return t('areas.rule.codeOutsideLocal', { prefix })
}
