import { z } from 'zod';
import { defineEvent, WHOLE_ORGANIZATION } from '../events/define';

/** The events of webhook endpoints and their deliveries (zod and types only). */
export const webhookEvents = {
  /**
   * The platform turned a webhook endpoint off (it answered 410, or failed for days with no
   * success): the members who see the whole organization see it; its admins are also mailed.
   */
  'webhook.endpoint-disabled': defineEvent({
    about:
      'the members whose role sees the whole organization; the mail to the admins (platform mail jobs)',
    data: z.object({
      endpointId: z.uuid(),
      description: z.string(),
      reason: z.enum(['gone', 'failing']),
      disabledAt: z.iso.datetime(),
    }),
    delivery: 'organization stream',
    audience: () => WHOLE_ORGANIZATION,
  }),
  /** Deliveries made pending again (redeliver one, recover the failed): their jobs follow. */
  'webhook.deliveries-restarted': defineEvent({
    about: 'the webhook delivery jobs',
    data: z.object({ endpointId: z.uuid(), deliveryIds: z.array(z.uuid()).max(1000) }),
    delivery: 'none',
  }),
} as const;
