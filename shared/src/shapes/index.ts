import { z } from 'zod';
import { canonicalId } from './ids';

/**
 * The public shapes of the platform, declared once: the api validates and documents its answers
 * with them (OpenAPI), the events carry them, and a product builds its own from the same
 * primitives (zod only: this module is shared with browsers through the events).
 */

/**
 * Bounded primitives of the answers: every string has a maxLength and every integer a format and
 * range in the OpenAPI document (the same bounds the inputs are validated with).
 */
/** Ids are taken and given in their canonical (lower-case) form only (ids.ts). */
export const uuid = canonicalId;
export const timestamp = () => z.iso.datetime().max(40);
/** A count or number that fits PostgreSQL's integer. */
export const int32 = (min = 0) => z.int32().min(min).meta({ format: 'int32' });
/** A size in bytes or lines (PostgreSQL's bigint, within JavaScript's safe integers). */
export const int64 = () => z.int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ format: 'int64' });

/**
 * The bounds of user-given text, as validated on the way in and documented on the way out: the
 * one place a route takes them from (a product adds its own beside these).
 */
export const TEXT_LIMITS = {
  name: 100,
  email: 254,
  password: { min: 10, max: 256 },
  /** A webhook endpoint's URL, and its description. */
  url: 2048,
  description: 500,
} as const;

/** A person's or an organization's name, as given. */
export const nameInput = () => z.string().trim().min(1).max(TEXT_LIMITS.name);
export const emailInput = () => z.email().max(TEXT_LIMITS.email);
export const passwordInput = () =>
  z.string().min(TEXT_LIMITS.password.min).max(TEXT_LIMITS.password.max);

/** How a role's name is spelled (the deployment's roles: the platform's and its product's). */
export const ROLE_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * A member's role, as answers give it: one of the deployment's (`owner`, `admin`, then the
 * product's); requests take only those (`roleSchema` of tenancy).
 */
export const role = z.string().regex(ROLE_NAME).max(32).meta({ id: 'RoleName' });

export const userRef = z
  .object({ id: uuid(), name: z.string().max(TEXT_LIMITS.name) })
  .meta({ id: 'UserRef' });

const userSchema = z
  .object({
    id: uuid(),
    email: z.email().max(TEXT_LIMITS.email),
    name: z.string().max(TEXT_LIMITS.name),
  })
  .meta({ id: 'User' });

/** A user as they see themselves (sign-in answers, /me). */
export const accountSchema = userSchema
  .extend({ emailVerified: z.boolean() })
  .meta({ id: 'Account' });

export const organizationSchema = z
  .object({ id: uuid(), name: z.string().max(TEXT_LIMITS.name), createdAt: timestamp() })
  .meta({ id: 'Organization' });

export const memberSchema = z
  .object({ user: userSchema, role, joinedAt: timestamp() })
  .meta({ id: 'Member' });

export type Member = z.infer<typeof memberSchema>;
export type Organization = z.infer<typeof organizationSchema>;
export { CANONICAL_UUID, canonicalId, isCanonicalId } from './ids';
export { FULL_REACH, reachOfOrganization, type SessionReach } from './session-reach';
