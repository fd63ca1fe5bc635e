import { defineEvent, type InternalEvent } from '../events/define';
import { AUDIT_ACTIONS, type AuditAction, auditActions, auditEntrySchema } from './actions';

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
