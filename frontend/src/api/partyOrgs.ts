import { api, compactQuery, unwrap, unwrapEmpty } from './client'
import type { operations } from './schema'
import type {
  CreatePartyOrg,
  ListPage,
  PartyOrg,
  PartyOrgCoverage,
  PartyOrgNode,
  UpdatePartyOrg,
} from './types'

/** Query of `GET /party-orgs`: page, page_size, sort, q (name or secretary), kind, area_id, unit_id, parent_id. */
export type PartyOrgListQuery = NonNullable<operations['list_party_orgs']['parameters']['query']>

export function listPartyOrgs(query: PartyOrgListQuery = {}): Promise<ListPage<PartyOrg>> {
  return unwrap(api.GET('/api/v1/party-orgs', { params: { query: compactQuery(query) } }))
}

/** The organisations in reach nested under the ones they report to; `areaId` narrows to that area and under. */
export function getPartyOrgTree(areaId?: number): Promise<PartyOrgNode[]> {
  const query = areaId === undefined ? {} : { area_id: areaId }
  return unwrap(api.GET('/api/v1/party-orgs/tree', { params: { query } }))
}

/** 网格党组织覆盖率: grids with an organisation built on them, out of all grids in reach. */
export function getPartyOrgCoverage(areaId?: number): Promise<PartyOrgCoverage> {
  const query = areaId === undefined ? {} : { area_id: areaId }
  return unwrap(api.GET('/api/v1/party-orgs/coverage', { params: { query } }))
}

export function getPartyOrg(id: number): Promise<PartyOrg> {
  return unwrap(api.GET('/api/v1/party-orgs/{id}', { params: { path: { id } } }))
}

/** 422 `parent_kind_mismatch` on `parent_id`, `in_the_future` on `founded_on`, `not_found` on references. */
export function createPartyOrg(body: CreatePartyOrg): Promise<PartyOrg> {
  return unwrap(api.POST('/api/v1/party-orgs', { body }))
}

/** Also moves it (new `parent_id` or `area_id`); 422 `would_create_cycle`, `parent_kind_mismatch`. */
export function updatePartyOrg(id: number, ifMatch: string, patch: UpdatePartyOrg): Promise<PartyOrg> {
  return unwrap(
    api.PATCH('/api/v1/party-orgs/{id}', {
      params: { path: { id }, header: { 'If-Match': ifMatch } },
      body: patch,
    }),
  )
}

/** 409 `still_referenced` while other organisations report to it. */
export function deletePartyOrg(id: number, ifMatch: string): Promise<void> {
  return unwrapEmpty(
    api.DELETE('/api/v1/party-orgs/{id}', {
      params: { path: { id }, header: { 'If-Match': ifMatch } },
    }),
  )
}
