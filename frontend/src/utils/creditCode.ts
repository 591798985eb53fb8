/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters
 * of a 31-character alphabet (digits and capitals without I, O, S, V, Z),
 * the last being a check character over the first 17. The server applies the
 * same rule (422 `invalid_credit_code`); this lets a form say so as it is typed.
 */

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
export const CREDIT_CODE_LENGTH = 18
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

/**
 * What a (possibly half-typed) code amounts to:
 * - `empty`: nothing typed;
 * - `partial`: only allowed characters so far, fewer than 18;
 * - `format`: a character outside the alphabet, or more than 18;
 * - `check`: 18 allowed characters whose last does not match;
 * - `valid`: a well-formed code.
 */
export type CreditCodeState = 'empty' | 'partial' | 'format' | 'check' | 'valid'

/** Upper case without spaces, as printed on the licence (people paste `9135 0100 …`). */
export function normalizeCreditCode(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase()
}

/** The check character for the first 17 characters; null when they are not 17 characters of the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== WEIGHTS.length) return null
  let sum = 0
  for (let i = 0; i < WEIGHTS.length; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17.charAt(i))
    if (value < 0) return null
    sum += value * (WEIGHTS[i] ?? 0)
  }
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31)
}

export function creditCodeState(input: string): CreditCodeState {
  const code = normalizeCreditCode(input)
  if (code === '') return 'empty'
  if (code.length > CREDIT_CODE_LENGTH) return 'format'
  for (const char of code) if (!CREDIT_CODE_ALPHABET.includes(char)) return 'format'
  if (code.length < CREDIT_CODE_LENGTH) return 'partial'
  return creditCodeCheckChar(code.slice(0, 17)) === code.charAt(17) ? 'valid' : 'check'
}

export function isValidCreditCode(input: string): boolean {
  return creditCodeState(input) === 'valid'
}
