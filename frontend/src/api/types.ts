import type { components } from './schema'

type Schemas = components['schemas']

export type Me = Schemas['Me']
export type TokenResponse = Schemas['TokenResponse']
export type Role = Schemas['Role']
export type Permission = Schemas['Permission']

export type Area = Schemas['AreaDto']
export type AreaKind = Schemas['AreaKind']
export type AreaNode = Schemas['AreaNode']
export type AreaRef = Schemas['AreaRef']
export type CreateArea = Schemas['CreateArea']
export type UpdateArea = Schemas['UpdateArea']

export type User = Schemas['UserDto']
export type UserStatus = Schemas['UserStatus']
export type CreateUser = Schemas['CreateUser']
export type CreatedUser = Schemas['CreatedUser']
export type UpdateUser = Schemas['UpdateUser']
export type TemporaryPassword = Schemas['TemporaryPassword']

export type Unit = Schemas['UnitDto']
export type UnitKind = Schemas['UnitKind']
export type UnitStatus = Schemas['UnitStatus']
export type CreateUnit = Schemas['CreateUnit']
export type UpdateUnit = Schemas['UpdateUnit']

export type Agreement = Schemas['AgreementDto']
export type AgreementStatus = Schemas['AgreementStatus']
export type AgreementMember = Schemas['AgreementMember']
export type CreateAgreement = Schemas['CreateAgreement']
export type UpdateAgreement = Schemas['UpdateAgreement']
export type RenewAgreement = Schemas['RenewAgreement']

export type PartyOrg = Schemas['PartyOrgDto']
export type PartyOrgKind = Schemas['PartyOrgKind']
export type PartyOrgNode = Schemas['PartyOrgNode']
export type PartyOrgCoverage = Schemas['PartyOrgCoverage']
export type CreatePartyOrg = Schemas['CreatePartyOrg']
export type UpdatePartyOrg = Schemas['UpdatePartyOrg']

export type Resource = Schemas['ResourceDto']
export type ResourceCategory = Schemas['ResourceCategory']
export type ResourceStatus = Schemas['ResourceStatus']
export type Availability = Schemas['Availability']
export type CreateResource = Schemas['CreateResource']
export type UpdateResource = Schemas['UpdateResource']

export type Need = Schemas['NeedDto']
export type NeedCategory = Schemas['NeedCategory']
export type NeedStatus = Schemas['NeedStatus']
export type Urgency = Schemas['Urgency']
export type CreateNeed = Schemas['CreateNeed']
export type UpdateNeed = Schemas['UpdateNeed']
export type NeedMatch = Schemas['NeedMatch']
export type MatchFactor = Schemas['MatchFactor']
export type MatchReason = Schemas['MatchReason']

export type Service = Schemas['ServiceDto']
export type ServiceStatus = Schemas['ServiceStatus']
export type ServiceAction = Schemas['ServiceAction']
export type ServiceKind = Schemas['ServiceKind']
export type TimelineEntry = Schemas['TimelineEntry']
export type CreateService = Schemas['CreateService']
export type DeliverService = Schemas['DeliverService']
export type RateService = Schemas['RateService']

export type Volunteer = Schemas['VolunteerDto']
export type PoliticalStatus = Schemas['PoliticalStatus']
export type VolunteerStatus = Schemas['VolunteerStatus']
export type CreateVolunteer = Schemas['CreateVolunteer']
export type UpdateVolunteer = Schemas['UpdateVolunteer']

export type Project = Schemas['ProjectDto']
export type ProjectStatus = Schemas['ProjectStatus']
export type ApprovalMode = Schemas['ApprovalMode']
export type OrganiserKind = Schemas['OrganiserKind']
export type CreateProject = Schemas['CreateProject']
export type UpdateProject = Schemas['UpdateProject']
export type Shift = Schemas['ShiftDto']
export type CreateShift = Schemas['CreateShift']
export type UpdateShift = Schemas['UpdateShift']
export type GenerateShifts = Schemas['GenerateShifts']
export type TimeWindow = Schemas['TimeWindow']
export type Enrollment = Schemas['EnrollmentDto']
export type EnrollmentStatus = Schemas['EnrollmentStatus']

export type ServiceRecord = Schemas['ServiceRecordDto']
export type RecordKind = Schemas['RecordKind']
export type CreateServiceRecord = Schemas['CreateServiceRecord']
export type AdjustServiceRecord = Schemas['AdjustServiceRecord']
export type Totals = Schemas['Totals']
export type TotalRow = Schemas['TotalRow']
export type TotalsGroup = Schemas['TotalsGroup']
export type Certificate = Schemas['CertificateDto']
export type IssueCertificate = Schemas['IssueCertificate']
export type Verification = Schemas['Verification']

export type Household = Schemas['HouseholdDto']
export type HouseholdDetail = Schemas['HouseholdDetail']
export type HouseholdCategory = Schemas['Category']
export type HouseholdStatus = Schemas['HouseholdStatus']
export type HouseholdMember = Schemas['Member']
export type HouseholdRef = Schemas['HouseholdRef']
export type CreateHousehold = Schemas['CreateHousehold']
export type UpdateHousehold = Schemas['UpdateHousehold']
export type RevealedHousehold = Schemas['RevealedHousehold']
export type PersonalData = Schemas['PersonalData']
export type RetentionRun = Schemas['RetentionRun']
export type Pairing = Schemas['PairingDto']
export type PairingStatus = Schemas['PairingStatus']
export type HelperKind = Schemas['HelperKind']
export type HelperRef = Schemas['HelperRef']
export type CreatePairing = Schemas['CreatePairing']
export type UpdatePairing = Schemas['UpdatePairing']
export type EndPairing = Schemas['EndPairing']
export type Visit = Schemas['VisitDto']
export type VisitKind = Schemas['VisitKind']
export type Paperwork = Schemas['Paperwork']
export type CreateVisit = Schemas['CreateVisit']
export type PhotoRef = Schemas['PhotoRef']
export type Wish = Schemas['WishDto']
export type WishStatus = Schemas['WishStatus']
export type CreateWish = Schemas['CreateWish']
export type ClaimWish = Schemas['ClaimWish']

export type AuditEntry = Schemas['AuditEntryDto']
export type AuditPage = Schemas['AuditPage']

/** A page of a list endpoint (`total` is absent when paging by cursor). */
export interface ListPage<T> {
  items: T[]
  total?: number | null
  page?: number | null
  page_size: number
}

/** Every value of the enumerations, in display order, for selects and filters. */
export const ROLES = ['admin', 'area_admin', 'grid_worker', 'unit_contact', 'volunteer'] as const satisfies readonly Role[]
export const AREA_KINDS = ['district', 'street', 'community', 'grid', 'building'] as const satisfies readonly AreaKind[]
export const USER_STATUSES = ['active', 'disabled'] as const satisfies readonly UserStatus[]
export const UNIT_KINDS = [
  'party_government_organ',
  'public_institution',
  'state_owned_enterprise',
  'private_enterprise',
  'social_organisation',
  'other',
] as const satisfies readonly UnitKind[]
export const UNIT_STATUSES = ['active', 'withdrawn'] as const satisfies readonly UnitStatus[]
export const AGREEMENT_STATUSES = ['draft', 'active', 'expired', 'terminated'] as const satisfies readonly AgreementStatus[]
/** Highest rank first: a parent always ranks above its children. */
export const PARTY_ORG_KINDS = ['committee', 'general_branch', 'branch', 'group'] as const satisfies readonly PartyOrgKind[]
/** 资源类别, in the order the supermarket shelves them. */
export const RESOURCE_CATEGORIES = [
  'volunteer_service',
  'skills',
  'goods',
  'funds',
  'venue',
  'policy',
  'other',
] as const satisfies readonly ResourceCategory[]
export const RESOURCE_STATUSES = ['available', 'paused', 'used_up', 'withdrawn'] as const satisfies readonly ResourceStatus[]
/** The nine assembly calls (集结号), in the order of the seeds. */
export const NEED_CATEGORIES = [
  'sanitation',
  'poverty_relief',
  'care',
  'policy_outreach',
  'convenience',
  'disaster_relief',
  'opinion_collection',
  'civility',
  'public_order',
] as const satisfies readonly NeedCategory[]
export const NEED_STATUSES = ['open', 'matched', 'in_service', 'done', 'closed_unfulfilled'] as const satisfies readonly NeedStatus[]
/** Least pressing first. */
export const URGENCIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly Urgency[]
/** In the order of the life cycle, the ends last. */
export const SERVICE_STATUSES = [
  'ordered',
  'accepted',
  'in_progress',
  'delivered',
  'closed',
  'declined',
  'cancelled',
] as const satisfies readonly ServiceStatus[]
export const SERVICE_KINDS = ['need_match', 'shelf_order'] as const satisfies readonly ServiceKind[]
export const MATCH_FACTORS = [
  'category',
  'closeness',
  'availability',
  'quantity',
  'agreement',
  'acceptance_rate',
  'rating',
] as const satisfies readonly MatchFactor[]
/** 政治面貌, in the order of the national forms. */
export const POLITICAL_STATUSES = [
  'party_member',
  'probationary_member',
  'league_member',
  'masses',
] as const satisfies readonly PoliticalStatus[]
export const VOLUNTEER_STATUSES = ['pending', 'active', 'rejected', 'inactive'] as const satisfies readonly VolunteerStatus[]
/** In the order of the life cycle, cancelled last. */
export const PROJECT_STATUSES = [
  'draft',
  'recruiting',
  'in_progress',
  'completed',
  'cancelled',
] as const satisfies readonly ProjectStatus[]
export const APPROVAL_MODES = ['automatic', 'manual'] as const satisfies readonly ApprovalMode[]
export const ORGANISER_KINDS = ['community', 'unit', 'party_org'] as const satisfies readonly OrganiserKind[]
export const ENROLLMENT_STATUSES = [
  'pending',
  'enrolled',
  'waitlisted',
  'checked_in',
  'checked_out',
  'hours_confirmed',
  'no_show',
  'rejected',
  'withdrawn',
] as const satisfies readonly EnrollmentStatus[]
export const PERMISSIONS = [
  'areas.read',
  'areas.write',
  'users.read',
  'users.write',
  'users.grant_admin',
  'audit.read',
  'units.read',
  'units.write',
  'units.write_own',
  'party_orgs.read',
  'party_orgs.write',
  'agreements.read',
  'agreements.write',
  'resources.read',
  'resources.write',
  'resources.write_own',
  'needs.read',
  'needs.write',
  'services.read',
  'services.order',
  'services.fulfil',
  'services.rate',
  'volunteers.read',
  'volunteers.write',
  'volunteers.reveal_id',
  'projects.read',
  'projects.write',
  'enrollments.check_in',
  'enrollments.self',
  'enrollments.read',
  'records.read',
  'certificates.issue',
  'households.read',
  'households.write',
  'households.reveal',
  'households.erase',
  'pairings.write',
  'pairings.self',
] as const satisfies readonly Permission[]
/** 原始记录 first, then 更正. */
export const RECORD_KINDS = ['original', 'adjustment'] as const satisfies readonly RecordKind[]
/** How hour totals are grouped, in the order the switch shows them. */
export const TOTALS_GROUPS = ['volunteer', 'unit', 'area', 'month', 'year'] as const satisfies readonly TotalsGroup[]
/** 帮扶类别, in the order of the ledger's columns. */
export const HOUSEHOLD_CATEGORIES = [
  'minimum_living',
  'extreme_poverty',
  'disability',
  'elderly_alone',
  'left_behind_child',
  'serious_illness',
  'unemployment',
  'other',
] as const satisfies readonly HouseholdCategory[]
/** 帮扶中 first, then the ways out of the ledger. */
export const HOUSEHOLD_STATUSES = ['active', 'lifted', 'moved', 'deceased'] as const satisfies readonly HouseholdStatus[]
export const PAIRING_STATUSES = ['active', 'ended'] as const satisfies readonly PairingStatus[]
export const HELPER_KINDS = ['unit', 'volunteer'] as const satisfies readonly HelperKind[]
/** 走访类型, the everyday visit first. */
export const VISIT_KINDS = ['visit', 'gifts', 'paperwork', 'employment', 'medical', 'other'] as const satisfies readonly VisitKind[]
/** What a 代办事项 visit handled. */
export const PAPERWORK_KINDS = [
  'residence_registration',
  'allowance',
  'disability_card',
  'other',
] as const satisfies readonly Paperwork[]
/** In the order of the life cycle, cancelled last. */
export const WISH_STATUSES = ['open', 'claimed', 'fulfilled', 'cancelled'] as const satisfies readonly WishStatus[]
