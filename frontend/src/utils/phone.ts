/**
 * Mainland mobile (1[3-9] + 9 digits) or a landline with area code
 * (010-12345678, optional -extension): the same rule as the server's.
 */
export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/

/** A mainland mobile number: what volunteers sign in with. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/
