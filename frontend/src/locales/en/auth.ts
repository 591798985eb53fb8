import type { Messages } from '../types'

export default {
  loginTitle: 'Sign in',
  username: 'Username',
  password: 'Password',
  usernamePlaceholder: 'Your username',
  passwordPlaceholder: 'Your password',
  usernameRequired: 'Enter your username',
  passwordRequired: 'Enter your password',
  submit: 'Sign in',
  logout: 'Sign out',
  logoutConfirm: 'Sign out now?',
  loggedOut: 'You have signed out',
  sessionExpired: 'Your session has expired; please sign in again',
  restoring: 'Restoring your session…',
  forcedTitle: 'Change your temporary password',
  forcedHint: 'You are using a temporary password set by an administrator. Change it to continue.',
  passwordChanged: 'Password changed',
  footer: 'Party-building led · Grid governance · Built together',
} satisfies Messages['auth']
