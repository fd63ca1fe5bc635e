import { z } from 'zod';
import { AUDIT_ACTIONS, type AuditAction, auditActions, auditEntrySchema } from '../audit/actions';
import { role, userRef } from '../shapes';
import { type Audience, defineEvent, type InternalEvent } from './define';

const staff: Audience = { staffOnly: true };

/**
 * Each audit action of an organization is an event too, `audit.<action>`, whose data is the
 * entry as listed (recorded by `recordAudit` in the act's transaction): no client receives it;
 * webhooks subscribe to it like to any other type.
 */
export const auditEvents = Object.fromEntries(
  AUDIT_ACTIONS.map((action) => [
    `audit.${action}`,
    defineEvent({
      about: `audit log: ${auditActions[action].about} (webhooks)`,
      data: auditEntrySchema,
      delivery: 'none',
    }),
  ]),
) as { readonly [A in AuditAction as `audit.${A}`]: InternalEvent<typeof auditEntrySchema> };

/**
 * The platform's own events: accounts and tenancy. Recorded with `recordPlatformEvent` (outbox.ts)
 * in the transaction of the change; a product declares its own beside them (see define.ts).
 * Zod and types only: shared with browsers through the protocol's types.
 */
export const platformEvents = {
  /** A new member: the organization's staff see them arrive. */
  'member.joined': defineEvent({
    about: 'staff',
    data: z.object({ user: userRef, role }),
    delivery: 'organization stream',
    audience: () => staff,
  }),
  /** The invitation email follows from it (the link is rebuilt from the id). */
  'invitation.created': defineEvent({
    about: 'the invitation email (platform mail jobs)',
    data: z.object({
      invitationId: z.uuid(),
      email: z.email(),
      role,
      organizationName: z.string(),
      invitedBy: userRef,
    }),
    delivery: 'none',
  }),
  /** Account events belong to no organization (recorded with orgId null); they only mail. */
  'account.verification-requested': defineEvent({
    about: 'the verification email',
    data: z.object({ tokenId: z.uuid() }),
    delivery: 'none',
  }),
  'account.password-reset-requested': defineEvent({
    about: 'the password-reset email',
    data: z.object({ tokenId: z.uuid() }),
    delivery: 'none',
  }),
  /**
   * The platform turned a webhook endpoint off (it answered 410, or failed for days with no
   * success): the organization's staff see it; its admins are also mailed.
   */
  'webhook.endpoint-disabled': defineEvent({
    about: 'staff; the mail to the admins (platform mail jobs)',
    data: z.object({
      endpointId: z.uuid(),
      description: z.string(),
      reason: z.enum(['gone', 'failing']),
      disabledAt: z.iso.datetime(),
    }),
    delivery: 'organization stream',
    audience: () => staff,
  }),
  /** Deliveries made pending again (redeliver one, recover the failed): their jobs follow. */
  'webhook.deliveries-restarted': defineEvent({
    about: 'the webhook delivery jobs',
    data: z.object({ endpointId: z.uuid(), deliveryIds: z.array(z.uuid()).max(1000) }),
    delivery: 'none',
  }),
  ...auditEvents,
} as const;

export type PlatformEvents = typeof platformEvents;
