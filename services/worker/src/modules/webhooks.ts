import { createCipher } from '@insightdesk/shared/encryption';
import { purgeWebhookDeliveries } from '@insightdesk/shared/webhooks';
import { webhookEffect } from '../effects/webhooks';
import { webhookProcessors } from '../processors/webhooks';
import { requeuePendingDeliveries } from '../webhook-recovery';
import type { PlatformWorkerModule } from './deps';

/** Webhooks: a job per subscribed endpoint of each event, its delivery, its log's purge, its recovery. */
export const webhooksWorker: PlatformWorkerModule = {
  name: 'webhooks',
  start: ({ config, database, valkey, queues, events }) => ({
    processors: {
      webhooks: webhookProcessors({
        db: database.db,
        cipher: createCipher(config.encryption.keys),
        valkey,
        config: config.webhooks,
      }),
    },
    effects: [webhookEffect(events, queues.webhooks)],
    purges: [
      { name: 'webhookDeliveries', run: purgeWebhookDeliveries(config.webhooks.logRetentionDays) },
    ],
    recoveries: [
      {
        name: 'webhook deliveries',
        run: (step) => requeuePendingDeliveries(database.db, queues.webhooks, step),
      },
    ],
  }),
};
