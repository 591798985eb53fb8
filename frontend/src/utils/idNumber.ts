/**
 * Resident identity numbers (居民身份证号码, GB 11643-1999), checked as the
 * server checks them so that the form says what is wrong before sending:
 * 17 digits and a digit or `X`, a birth date that is a real day between 1900
 * and today, and the check character.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARACTERS = '10X98765432'

/** What is wrong with a number, or `valid`; `empty` for blank input. */
export type IdNumberState = 'empty' | 'length' | 'format' | 'date' | 'check' | 'valid'

/** Trimmed, a lower-case `x` taken as `X` (as the server does). */
export function normalizeIdNumber(value: string): string {
  return value.trim().toUpperCase()
}

function realBirthDate(digits: string, now: Date): boolean {
  const year = Number(digits.slice(0, 4))
  const month = Number(digits.slice(4, 6))
  const day = Number(digits.slice(6, 8))
  const date = new Date(year, month - 1, day)
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return false
  return year >= 1900 && date.getTime() <= now.getTime()
}

export function idNumberState(value: string, now: Date = new Date()): IdNumberState {
  const number = normalizeIdNumber(value)
  if (number === '') return 'empty'
  if (number.length !== 18) return 'length'
  if (!/^\d{17}[\dX]$/.test(number)) return 'format'
  if (!realBirthDate(number.slice(6, 14), now)) return 'date'
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(number[i]), 0)
  return CHECK_CHARACTERS[sum % 11] === number[17] ? 'valid' : 'check'
}
