import type { Messages } from '../types'

export default {
  role: {
    admin: 'System administrator',
    area_admin: 'Area administrator',
    grid_worker: 'Grid worker',
    unit_contact: 'Unit contact',
    volunteer: 'Volunteer',
  },
  areaKind: {
    district: 'District',
    street: 'Street / town',
    community: 'Community',
    grid: 'Grid',
    building: 'Building',
  },
  userStatus: {
    active: 'Active',
    disabled: 'Disabled',
  },
  permission: {
    areas_read: 'View areas',
    areas_write: 'Manage areas',
    users_read: 'View accounts',
    users_write: 'Manage accounts',
    users_grant_admin: 'Grant the admin role',
    audit_read: 'View the audit log',
  },
  auditAction: {
    create: 'Create',
    update: 'Update',
    move: 'Move',
    delete: 'Delete',
    reset_password: 'Reset password',
    password_change: 'Change password',
    login: 'Sign in',
    login_failed: 'Failed sign-in',
    login_locked: 'Locked sign-in',
    login_disabled: 'Disabled sign-in',
    logout: 'Sign out',
    refresh_token_reused: 'Refresh token reused',
  },
  auditEntity: {
    area: 'Area',
    user: 'Account',
    session: 'Session',
  },
} satisfies Messages['enums']
