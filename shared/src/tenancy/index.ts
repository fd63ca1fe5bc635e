export {
  createMemberships,
  enterOrg,
  isUuid,
  type Memberships,
  type OrgScope,
  type RoleLookup,
} from './memberships';
export { atLeast, isStaff, ROLES, type Role } from './roles';
