export { CANONICAL_UUID, canonicalId, isCanonicalId } from '../shapes/ids';
export { atLeast, isStaff, ROLES, type Role, STAFF_ROLES } from '../shapes/roles';
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
  createMemberships,
  enterOrg,
  isUuid,
  type Memberships,
  type OrgScope,
  organizationCacheTag,
} from './memberships';
export {
  deleteSsoSettings,
  findOrgOidcProvider,
  getSsoSettings,
  type OrgOidcProvider,
  type OrgSsoSettings,
  putSsoSettings,
  requiredIssuerOf,
  ssoRequiredOrgsOf,
} from './oidc-providers';
export {
  createOrganization,
  findOrganization,
  getOrganization,
  membershipsOfUser,
  organization,
} from './organizations';
