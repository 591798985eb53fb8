import { api, compactQuery, unwrap } from './client'
import type { operations } from './schema'
import type { AuditPage } from './types'

/** Query of `GET /audit`: page or cursor, page_size, entity, entity_id, actor_id, action, from, to. */
export type AuditListQuery = NonNullable<operations['list_audit']['parameters']['query']>

/** Entries of the caller's subtree, newest first (the order is fixed). */
export function listAudit(query: AuditListQuery = {}): Promise<AuditPage> {
  return unwrap(api.GET('/api/v1/audit', { params: { query: compactQuery(query) } }))
}

/** Values of `action` and `entity` the server writes. */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'move',
  'delete',
  'reset_password',
  'password_change',
  'login',
  'login_failed',
  'login_locked',
  'login_disabled',
  'logout',
  'refresh_token_reused',
  'activate',
  'terminate',
  'renew',
  'reveal',
  'archive',
  'end',
  'claim',
  'fulfil',
  'erase',
  'export_plain',
  'export_personal_data',
] as const
export const AUDIT_ENTITIES = ['area', 'user', 'session', 'unit', 'party_org', 'agreement', 'household', 'pairing', 'visit', 'wish'] as const
