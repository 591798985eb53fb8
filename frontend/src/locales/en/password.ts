import type { Messages } from '../types'

export default {
  current: 'Current password',
  new: 'New password',
  confirm: 'Confirm new password',
  currentPlaceholder: 'Your current password',
  newPlaceholder: 'A new password',
  confirmPlaceholder: 'The new password again',
  rule: '8 to 128 characters with at least three of: lower case, upper case, digits, other characters.',
  currentRequired: 'Enter your current password',
  newRequired: 'Enter a new password',
  weak: 'The new password does not meet the rule',
  sameAsCurrent: 'The new password must differ from the current one',
  mismatch: 'The two new passwords differ',
  submit: 'Change password',
} satisfies Messages['password']
