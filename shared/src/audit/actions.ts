import { z } from 'zod';
import { int64, timestamp, uuid } from '../shapes';

/**
 * The acts the audit log records, declared once: where each belongs (an organization's chain, or
 * the deployment's for account-level and operators' acts) and what it is. Each is also a webhook
 * event type, `audit.<action>` (`auditEventTypes`), with the entry as its data (`auditEntrySchema`).
 */
export const auditActions = {
  'auth.login': { chain: 'deployment', about: 'a login succeeded (password, and second factor)' },
  'auth.login-failed': {
    chain: 'deployment',
    about: 'a login was refused: wrong password, unknown account, wrong second factor',
  },
  'auth.sessions-ended': { chain: 'deployment', about: 'log out everywhere' },
  'auth.password-changed': { chain: 'deployment', about: 'a new password (re-authenticated)' },
  'auth.password-reset': { chain: 'deployment', about: 'a new password by the mailed link' },
  'auth.two-factor-enabled': { chain: 'deployment', about: 'two-factor authentication on' },
  'auth.two-factor-disabled': { chain: 'deployment', about: 'two-factor authentication off' },
  'auth.recovery-codes-regenerated': { chain: 'deployment', about: 'new recovery codes' },
  'sso.login': {
    chain: 'either',
    about:
      "a sign-in through an OpenID provider (in the chain of the provider's organization, or the deployment's for a deployment provider)",
  },
  'sso.login-failed': {
    chain: 'either',
    about:
      'an OpenID sign-in refused: a token the provider would not sign, a replayed code, an address not verified or not vouched for, a link or provisioning refused',
  },
  'sso.identity-linked': {
    chain: 'either',
    about:
      'an OpenID identity bound to an account on its first sign-in: a new account (just-in-time, on a proven domain), or an existing account whose holder proved it',
  },
  'sso.identity-unlinked': {
    chain: 'deployment',
    about:
      "an identity provider's link removed by the account's holder (GET/DELETE /me/identities)",
  },
  'sso.member-provisioned': {
    chain: 'organization',
    about: "a member added with the provider's role on first sign-in (just-in-time)",
  },
  'sso.settings-changed': {
    chain: 'organization',
    about: "the organization's sign-in provider was set or changed (re-authenticated)",
  },
  'sso.settings-removed': {
    chain: 'organization',
    about: "the organization's sign-in provider was removed (re-authenticated)",
  },
  'sso.domain-claimed': {
    chain: 'organization',
    about: 'an email domain claimed by the organization (to be proven by its DNS record)',
  },
  'sso.domain-verified': {
    chain: 'organization',
    about: "a claimed domain proven: its DNS record holds the organization's challenge",
  },
  'sso.domain-released': {
    chain: 'organization',
    about: 'a claimed domain given up by the organization',
  },
  'sso.domain-lost': {
    chain: 'organization',
    about:
      'a proven domain whose record was missing at the periodic checks: it vouches for nobody until proven again',
  },
  'organization.created': { chain: 'organization', about: 'an organization was created' },
  'invitation.sent': { chain: 'organization', about: 'an invitation was sent' },
  'invitation.accepted': { chain: 'organization', about: 'an invitation was accepted' },
  'invitation.revoked': { chain: 'organization', about: 'a pending invitation was revoked' },
  'member.role-changed': { chain: 'organization', about: "a member's role changed" },
  'member.removed': { chain: 'organization', about: 'a member was removed' },
  'export.started': { chain: 'organization', about: "an export of the organization's data" },
  'export.downloaded': { chain: 'organization', about: 'an export was downloaded' },
  'feature.changed': {
    chain: 'either',
    about: "a feature flag's override (an organization's, or the deployment's)",
  },
  'webhook.created': { chain: 'organization', about: 'a webhook endpoint was added' },
  'webhook.updated': { chain: 'organization', about: 'a webhook endpoint was changed' },
  'webhook.deleted': { chain: 'organization', about: 'a webhook endpoint was deleted' },
  'webhook.secret-rotated': {
    chain: 'organization',
    about: "a webhook endpoint's signing secret was rotated",
  },
  'encryption.keys-rotated': {
    chain: 'deployment',
    about: 'secrets at rest re-encrypted under the current key',
  },
  'operator.queue-paused': { chain: 'deployment', about: 'a platform operator paused a queue' },
  'operator.queue-resumed': { chain: 'deployment', about: 'a platform operator resumed a queue' },
} as const satisfies Record<
  string,
  { chain: 'organization' | 'deployment' | 'either'; about: string }
>;

export type AuditAction = keyof typeof auditActions;
export const AUDIT_ACTIONS = Object.keys(auditActions) as AuditAction[];

export const ACTOR_TYPES = ['user', 'operator', 'system', 'anonymous'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** An entry as it is read, listed, exported and sent to webhooks (`audit.<action>`). */
export const auditEntrySchema = z
  .object({
    id: uuid(),
    organizationId: uuid().nullable(),
    seq: int64(),
    at: timestamp(),
    actor: z.object({ type: z.enum(ACTOR_TYPES), id: uuid().nullable() }),
    action: z.enum(AUDIT_ACTIONS as [AuditAction, ...AuditAction[]]),
    target: z.object({ type: z.string().max(64), id: z.string().max(128) }).nullable(),
    address: z.string().max(64).nullable(),
    userAgent: z.string().max(512).nullable(),
    requestId: z.string().max(64).nullable(),
    change: z.record(z.string(), z.unknown()),
    prevHash: z.string().length(64).meta({ description: 'the hash of the row before it' }),
    hash: z
      .string()
      .length(64)
      .meta({ description: 'SHA-256(prevHash ‖ canonical JSON of the row)' }),
  })
  .meta({ id: 'AuditEntry' });
export type AuditRecord = z.infer<typeof auditEntrySchema>;

/** The webhook event type of each action (for the webhooks' catalogue of subscribable types). */
export const auditEventTypes = AUDIT_ACTIONS.map((action) => `audit.${action}` as const);
