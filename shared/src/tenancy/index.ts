export { CANONICAL_UUID, canonicalId, isCanonicalId } from './ids';
export {
  createMemberships,
  enterOrg,
  isUuid,
  type Memberships,
  type OrgScope,
} from './memberships';
export { atLeast, isStaff, ROLES, type Role, STAFF_ROLES } from './roles';
