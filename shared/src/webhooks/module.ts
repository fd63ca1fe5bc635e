import { webhookQueue } from '../queues/catalog';
import { webhookConfig } from './config';
import { webhookSecretColumns } from './endpoints';
import { webhookEvents } from './events';

/** Outbound webhooks: their configuration, events, delivery queue and signing secrets (encrypted). */
export const webhooksModule = {
  name: 'webhooks',
  config: { webhooks: webhookConfig },
  events: webhookEvents,
  queues: { webhooks: webhookQueue },
  encryptedColumns: webhookSecretColumns,
} as const;
