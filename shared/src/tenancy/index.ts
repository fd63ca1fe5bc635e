export { CANONICAL_UUID, canonicalId, isCanonicalId } from '../shapes/ids';
export { atLeast, isStaff, ROLES, type Role, STAFF_ROLES } from '../shapes/roles';
export { databaseMemberships } from './database-memberships';
export {
  acceptInvitation,
  claimInvitation,
  createInvitation,
  type Invitation,
  type InvitationMailRow,
  type InvitationRow,
  invitationMailSource,
  listPendingInvitations,
  type PendingInvitation,
  purgeInvitations,
  revokeInvitation,
} from './invitations';
export {
  addMember,
  changeRole,
  deleteMembership,
  listMembers,
  memberRole,
  membersAtLeast,
  staffOf,
} from './members';
export {
  type Caller,
  createMemberships,
  enterOrg,
  isUuid,
  type MembershipLookups,
  type Memberships,
  type OrgScope,
  organizationCacheTag,
  ssoRequiredHere,
  stepUpRequired,
} from './memberships';
export {
  CLIENT_AUTH_METHODS,
  type ClientAuthMethod,
  clientJwksOf,
  deleteSsoSettings,
  dropVouchedDomain,
  findOrgOidcProvider,
  getSsoSettings,
  hasClientKey,
  lockedIssuerOf,
  type OrgOidcProvider,
  type OrgSsoSettings,
  type PublicJwk,
  publicJwkOf,
  putSsoSettings,
  ssoRequiredOf,
  ssoRequiredOrgsOf,
} from './oidc-providers';
export {
  challengeRecordName,
  challengeRecordValue,
  claimDomain,
  DOMAIN_MISSES_ALLOWED,
  type DomainDue,
  domainsDueForCheck,
  findDomain,
  listDomains,
  MAX_DOMAINS_PER_ORG,
  markDomainProven,
  markDomainUnproven,
  type OrganizationDomain,
  provenDomainsOf,
  recordRecheck,
  releaseDomain,
} from './organization-domains';
export {
  createOrganization,
  findOrganization,
  getOrganization,
  membershipsOfUser,
  organization,
} from './organizations';
