import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, timestampMs, updatedAt } from './columns';

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** When the user proved control of `email` (a verification link, or an invitation). */
    emailVerifiedAt: timestampMs('email_verified_at'),
    /**
     * Access tokens carry the epoch they were issued under; bumping it ends every session at
     * once (password change or reset, "log out everywhere"). `keptFamily`: the one session the
     * change came from, which stays valid.
     */
    sessionEpoch: integer('session_epoch').notNull().default(0),
    keptFamily: uuid('kept_family'),
    /** TOTP secret, encrypted at rest (see shared/src/encryption); enabled once confirmed. */
    totpSecret: text('totp_secret'),
    totpEnabledAt: timestampMs('totp_enabled_at'),
    /** The last TOTP time step accepted: a code is accepted once. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)],
);

export const accountTokenPurposeEnum = pgEnum('account_token_purpose', [
  'verify_email',
  'password_reset',
]);

/**
 * Single-use links mailed to a user (email verification, password reset). The token is derived
 * from the row's id (see auth/secrets.ts): only its hash is kept, and the worker rebuilds the
 * link for the email from the id.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: accountTokenPurposeEnum('purpose').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestampMs('expires_at').notNull(),
    usedAt: timestampMs('used_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('account_tokens_hash_key').on(t.tokenHash),
    index('account_tokens_user_idx').on(t.userId),
    index('account_tokens_expires_idx').on(t.expiresAt),
  ],
);

/** Two-factor recovery codes: single use, stored as hashes. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestampMs('used_at'),
  },
  (t) => [uniqueIndex('recovery_codes_hash_key').on(t.userId, t.codeHash)],
);

export const organizations = pgTable('organizations', {
  id: id(),
  name: text('name').notNull(),
  /** Last ticket number handed out; incremented under the row lock when a ticket is created. */
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const memberships = pgTable(
  'memberships',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** One of the deployment's roles (tenancy/roles.ts). */
    role: text('role_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Every token rotated from one login shares the family; reuse of a spent one revokes it. */
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestampMs('expires_at').notNull(),
    spentAt: timestampMs('spent_at'),
    revokedAt: timestampMs('revoked_at'),
    /** When the family's login happened: no rotation extends a session past its maximum age. */
    sessionStartedAt: timestampMs('session_started_at').notNull().defaultNow(),
    /**
     * The one organization a session started through that organization's provider reaches
     * (null: every organization of the account); `reachAccount`: whether it may act on the
     * account itself (its password, second factor, sessions, other organizations' creation).
     */
    reachOrg: uuid('reach_org'),
    reachAccount: boolean('reach_account').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_key').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_expires_idx').on(t.expiresAt),
    index('refresh_tokens_reach_org_idx').on(t.reachOrg).where(sql`${t.reachOrg} is not null`),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** One of the deployment's roles (tenancy/roles.ts). */
    role: text('role_name').notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestampMs('expires_at').notNull(),
    acceptedAt: timestampMs('accepted_at'),
    revokedAt: timestampMs('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invitations_token_key').on(t.tokenHash),
    index('invitations_org_idx').on(t.orgId),
    index('invitations_expires_idx').on(t.expiresAt),
  ],
);

/**
 * Feature flags set by platform operators: for one organization, or for everyone (`orgId`
 * null). Absent: the flag's default from the environment (shared/src/features).
 */
export const featureOverrides = pgTable(
  'feature_overrides',
  {
    flag: text('flag').notNull(),
    orgId: uuid('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    enabled: boolean('enabled').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: updatedAt(),
  },
  (t) => [unique('feature_overrides_key').on(t.flag, t.orgId).nullsNotDistinct()],
);

/**
 * An organization's OpenID Connect provider (sign-in with the company's identity provider): one
 * per organization, set by its admins. `clientSecret` is encrypted at rest (context
 * `oidc_providers.client_secret:<orgId>`) and never returned.
 */
export const oidcProviders = pgTable('oidc_providers', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  /** Encrypted; null when the client authenticates with a key (`private_key_jwt`). */
  clientSecret: text('client_secret'),
  /** How the client authenticates at the token endpoint (OIDC Core 9). */
  clientAuth: text('client_auth').notNull().default('client_secret_basic'),
  /** The client's private signing key (a JWK, encrypted) for `private_key_jwt`. */
  clientKey: text('client_key'),
  /**
   * Email domains whose addresses this provider may vouch for (just-in-time accounts): only
   * those the organization proved (`organization_domains`) count.
   */
  vouchedDomains: text('vouched_domains').array().notNull().default(sql`'{}'::text[]`),
  /** The role of a member provisioned on first sign-in; null: only existing members sign in. */
  jitRole: text('jit_role_name'),
  /** Members sign in only through this provider (no password login, no invitation without it). */
  ssoRequired: boolean('sso_required').notNull().default(false),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * An identity at an OpenID provider bound to one of our accounts: by `(issuer, subject)`, never
 * by email. A user may have several (one per provider).
 */
export const oidcIdentities = pgTable(
  'oidc_identities',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    /** The address the provider asserted when the identity was linked (for the account owner). */
    email: text('email'),
    /**
     * Who made the link: `owner` (the account holder proved the account), `provisioned` (the
     * provider's sign-in created the account), `provider` (the provider's word alone, before
     * links needed the holder). A password reset ends every link but the holder's.
     */
    linkedBy: text('linked_by').notNull().default('provider'),
    /** The organization whose provider made the link (null: a deployment provider's). */
    orgId: uuid('org_id'),
    createdAt: createdAt(),
    lastSignInAt: timestampMs('last_sign_in_at'),
  },
  (t) => [
    uniqueIndex('oidc_identities_subject_key').on(t.issuer, t.subject),
    index('oidc_identities_user_idx').on(t.userId),
  ],
);

/**
 * Email domains an organization claims, and proves with a DNS TXT record
 * (`_insightdesk-challenge.<domain>` holding the challenge): only a proven domain lets its
 * provider vouch for addresses (just-in-time accounts, managed accounts). One organization per
 * proven domain; re-checked periodically, and lost when the record is gone.
 */
export const organizationDomains = pgTable(
  'organization_domains',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    domain: text('domain').notNull(),
    /** Public: the value the TXT record must hold (not a secret, it is published in DNS). */
    challenge: text('challenge').notNull(),
    verifiedAt: timestampMs('verified_at'),
    checkedAt: timestampMs('checked_at'),
    /** Re-checks in a row that found no record holding the challenge. */
    missedChecks: integer('missed_checks').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('organization_domains_org_domain_key').on(t.orgId, t.domain),
    uniqueIndex('organization_domains_proven_key')
      .on(t.domain)
      .where(sql`${t.verifiedAt} is not null`),
    index('organization_domains_created_by_idx').on(t.createdBy),
    index('organization_domains_checked_idx')
      .on(t.checkedAt)
      .where(sql`${t.verifiedAt} is not null`),
  ],
);
