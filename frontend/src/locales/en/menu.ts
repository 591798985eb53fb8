import type { Messages } from '../types'

export default {
  home: 'Dashboard',
  areas: 'Areas',
  users: 'Accounts',
  units: 'Units',
  unitDetail: 'Unit',
  agreements: 'Agreements',
  partyOrgs: 'Party organisations',
  audit: 'Audit log',
  profile: 'My profile',
  forbidden: 'Forbidden',
  notFound: 'Not found',
  login: 'Sign in',
  passwordChange: 'Change temporary password',
} satisfies Messages['menu']
