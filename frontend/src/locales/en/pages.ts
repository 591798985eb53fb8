import type { Messages } from '../types'

export default {
  home: {
    welcome: 'Hello, {name}',
    intro: 'Welcome to Gridlink, the party-building-led grid governance platform.',
    shortcuts: 'Shortcuts',
  },
  profile: {
    info: 'Account',
    username: 'Username',
    displayName: 'Name',
    phone: 'Phone',
    role: 'Role',
    area: 'Home area',
    permissions: 'Permissions',
    changePassword: 'Change password',
  },
  forbidden: {
    title: 'Forbidden',
    hint: 'Your account may not open this page. Ask your administrator if you need it.',
  },
  notFound: {
    title: 'Page not found',
    hint: 'The page does not exist or was removed.',
  },
  audit: {
    at: 'Time',
    actor: 'By',
    action: 'Action',
    entity: 'Object',
    entityId: 'Object id',
    clientIp: 'IP address',
    requestId: 'Request id',
    changes: 'Changes',
    fileName: 'audit-log',
    system: 'System',
  },
} satisfies Messages['pages']
