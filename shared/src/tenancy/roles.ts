import { z } from 'zod';
import { ROLE_NAME } from '../shapes';

/**
 * The roles of organization members. The platform owns two, `owner` and `admin` (members,
 * settings, webhooks, sign-in); the product declares the rest, highest first, and what each may
 * see: `organization` (every event of the organization's stream, its member list) or `own` (only
 * what an event names them in). The deployment's ladder is the platform's two above the
 * product's, in that order: a member "at least" a role holds it or one above it.
 */

export type RoleSight = 'organization' | 'own';

export interface RoleDeclaration {
  /** Lower-case, as stored and as the API takes and gives it. */
  readonly name: string;
  readonly sees: RoleSight;
  /** What the role is for, in words (the docs and the OpenAPI document list it). */
  readonly about: string;
}

/** A role's name, one of the deployment's ladder (checked where it comes in: `roleSchema`). */
export type Role = string;

/**
 * Any member, whatever their role: the minimum of what every member may do (the platform's own
 * routes name no product role). Spelled so that no role can be named like it.
 */
export const ANY_MEMBER = 'any member';

/** A member whose role sees the whole organization (`sees: 'organization'`), whatever its rank. */
export const SEES_ORGANIZATION = 'a role that sees the whole organization';

export const PLATFORM_ROLES: readonly RoleDeclaration[] = [
  { name: 'owner', sees: 'organization', about: 'everything, the owner role and sign-in included' },
  { name: 'admin', sees: 'organization', about: 'members, invitations, settings and webhooks' },
];

/** The platform's administrators: who hears about the organization's broken webhooks. */
export const ADMIN_ROLES: readonly Role[] = ['owner', 'admin'];

export interface RoleLadder {
  /** Every role, highest first. */
  readonly names: readonly [Role, ...Role[]];
  readonly declarations: readonly RoleDeclaration[];
  has(name: string): boolean;
  /**
   * Whether `role` is `minimum` or above (`ANY_MEMBER`: any role; `SEES_ORGANIZATION`: a role
   * that sees the whole organization).
   */
  atLeast(role: Role, minimum: Role): boolean;
  /** The roles `minimum` admits, highest first. */
  atLeastOf(minimum: Role): Role[];
  /** Whether `role` sees the whole organization (every event of its stream, its members). */
  seesOrganization(role: Role): boolean;
}

/**
 * The deployment's ladder: the platform's roles above the product's. A name that is not
 * lower-case or one declared twice (the platform's own included) is refused; so is a
 * product that declares none (someone must be able to join without administering).
 */
export function roleLadder(productRoles: readonly RoleDeclaration[]): RoleLadder {
  if (productRoles.length === 0) throw new Error('a product declares at least one role');
  const declarations = [...PLATFORM_ROLES, ...productRoles];
  const names = declarations.map((d) => d.name);
  const bad = names.filter((n, i) => !ROLE_NAME.test(n) || names.indexOf(n) !== i);
  if (bad.length > 0)
    throw new Error(`roles refused (reserved, repeated or malformed): ${bad.join(', ')}`);
  const rank = new Map(names.map((n, i) => [n, names.length - i]));
  const rankOf = (role: Role) => {
    if (role === ANY_MEMBER) return 1;
    const r = rank.get(role);
    if (r === undefined) throw new Error(`not a role of this deployment: ${role}`);
    return r;
  };
  const seeing = new Set(declarations.filter((d) => d.sees === 'organization').map((d) => d.name));
  const atLeast = (role: Role, minimum: Role) =>
    minimum === SEES_ORGANIZATION ? seeing.has(role) : rankOf(role) >= rankOf(minimum);
  return {
    names: names as [Role, ...Role[]],
    declarations,
    has: (name) => rank.has(name),
    atLeast,
    atLeastOf: (minimum) => names.filter((n) => atLeast(n, minimum)),
    seesOrganization: (role) => seeing.has(role),
  };
}

/** What a request may name: one of the deployment's roles (the OpenAPI document lists them). */
export const roleSchema = (ladder: RoleLadder) =>
  z
    .enum(ladder.names)
    .describe(ladder.declarations.map((d) => `\`${d.name}\`: ${d.about}`).join('; '));
