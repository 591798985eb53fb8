import { describe, expect, it } from 'vitest'
import {
  creditCodeCheckChar,
  creditCodeState,
  isValidCreditCode,
  normalizeCreditCode,
} from '@/utils/creditCode'

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts codes with the right check character', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true)
    expect(isValidCreditCode('91110000100010433L')).toBe(true)
  })

  it('refuses a wrong check character', () => {
    expect(creditCodeState('91350100M000100Y44')).toBe('check')
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false)
  })

  it('computes the check character, including the wrap to 0', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3')
    expect(creditCodeCheckChar('91110000100010433')).toBe('L')
    expect(creditCodeCheckChar('9135')).toBeNull()
    expect(creditCodeCheckChar('91350100M000100YI')).toBeNull()
  })

  it('reads half-typed input as the user types', () => {
    expect(creditCodeState('')).toBe('empty')
    expect(creditCodeState('   ')).toBe('empty')
    expect(creditCodeState('91350100')).toBe('partial')
    // I, O, S, V and Z are not in the alphabet: wrong at once, not only at 18 characters.
    expect(creditCodeState('9135010O')).toBe('format')
    expect(creditCodeState('91350100M000100Y43X')).toBe('format')
    expect(creditCodeState('91350100-000100Y43')).toBe('format')
  })

  it('upper-cases and drops spaces, as printed on the licence', () => {
    expect(normalizeCreditCode(' 9135 0100 m000 100y 43 ')).toBe('91350100M000100Y43')
    expect(creditCodeState('91350100m000100y43')).toBe('valid')
  })
})
