import { auditEvents } from '../audit/events';
import { accountEvents } from '../auth/events';
import { tenancyEvents } from '../tenancy/events';
import { webhookEvents } from '../webhooks/events';

/**
 * The platform's own events, each declared by the concern that records it and named by its
 * module (platform/modules.ts): members and invitations (tenancy), accounts, webhook endpoints
 * and every audit action, in the modules' order. Read here from the concerns' `events.ts`, not
 * from the modules, because this file is the protocol's: zod and types only, shared with
 * browsers' types (a module's declarations reach server code). `modules/define.test.ts` holds it
 * to what the modules declare. A product declares its own beside them (see events/define.ts).
 */
export const platformEvents = {
  ...tenancyEvents,
  ...accountEvents,
  ...webhookEvents,
  ...auditEvents,
} as const;

export type PlatformEvents = typeof platformEvents;
