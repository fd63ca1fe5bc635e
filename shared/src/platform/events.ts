import { auditEvents } from '../audit/events';
import { accountEvents } from '../auth/events';
import { tenancyEvents } from '../tenancy/events';
import { webhookEvents } from '../webhooks/events';

/**
 * The platform's own events, each declared by the concern that records it: members and
 * invitations (tenancy), accounts (auth), webhook endpoints (webhooks) and every audit action
 * (audit). A product declares its own beside them (see events/define.ts). Zod and types only:
 * shared with browsers through the protocol's types.
 */
export const platformEvents = {
  ...tenancyEvents,
  ...accountEvents,
  ...webhookEvents,
  ...auditEvents,
} as const;

export type PlatformEvents = typeof platformEvents;
