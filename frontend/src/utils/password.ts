/** The server's password policy (docs/api.md), checked before sending. */
export const PASSWORD_MIN = 8
export const PASSWORD_MAX = 128

export function passwordClasses(password: string): number {
  let classes = 0
  if (/\p{Ll}/u.test(password)) classes++
  if (/\p{Lu}/u.test(password)) classes++
  if (/[0-9]/.test(password)) classes++
  if (/[^\p{L}\p{N}]/u.test(password)) classes++
  return classes
}

/** 8 to 128 characters with 3 of: lower case, upper case, digits, others. */
export function meetsPasswordPolicy(password: string): boolean {
  const length = [...password].length
  return length >= PASSWORD_MIN && length <= PASSWORD_MAX && passwordClasses(password) >= 3
}
