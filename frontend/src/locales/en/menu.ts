import type { Messages } from '../types'

export default {
  home: 'Dashboard',
  areas: 'Areas',
  users: 'Accounts',
  units: 'Units',
  unitDetail: 'Unit',
  agreements: 'Agreements',
  partyOrgs: 'Party organisations',
  supermarket: 'Party-building supermarket',
  needs: 'Needs',
  needDetail: 'Need',
  resources: 'Resources',
  services: 'Services',
  serviceInbox: 'Order inbox',
  serviceDetail: 'Service',
  audit: 'Audit log',
  profile: 'My profile',
  forbidden: 'Forbidden',
  notFound: 'Not found',
  login: 'Sign in',
  passwordChange: 'Change temporary password',
} satisfies Messages['menu']
