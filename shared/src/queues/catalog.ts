import { z } from 'zod';
import { canonicalId } from '../shapes/ids';
import { defineQueue } from './define';

const DAY = 24 * 3600;
/** Job data carries ids in their canonical form only (shapes/ids.ts), like every other entry. */
const id = canonicalId;

/**
 * The platform's queues, declared once: name, job names with their payload schemas, retry policy
 * and retention; each is its module's (mail: email, queues: maintenance, webhooks: webhooks). A
 * product adds jobs to them (its mail, its maintenance) and declares queues of its own
 * (`mergeQueues`); the queue handles (`openQueues`) and the worker's consumers both take the
 * merged declarations, so the compiler checks both ends.
 */
export const emailQueue = defineQueue({
  name: 'email',
  jobs: {
    /** The invitation email; the accept link is rebuilt from the id. */
    invitation: z.object({ invitationId: id() }),
    /** The email verification link (rebuilt from the account token's id). */
    'verify-email': z.object({ tokenId: id() }),
    /** The password reset link (rebuilt from the account token's id). */
    'password-reset': z.object({ tokenId: id() }),
    /** The notice to an organization's admins that the platform turned a webhook endpoint off. */
    'webhook-disabled': z.object({ endpointId: id(), disabledAt: z.iso.datetime() }),
  },
  defaults: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: DAY, count: 10_000 },
    removeOnFail: { age: 14 * DAY },
  },
  urgent: ['invitation', 'verify-email', 'password-reset'],
});

export const maintenanceQueue = defineQueue({
  name: 'maintenance',
  jobs: {
    /** Every table's owner purges its own: the platform's, and those a product registers. */
    purge: z.object({}),
    /** Proven domains whose DNS record is due for another look (docs/sso.md). */
    'recheck-domains': z.object({}),
    /** Every audit chain walked again, against the head of its last walk (docs/audit.md). */
    'verify-audit': z.object({}),
    /** Does nothing but wait and count: the baseline of bench/queue and the stall drill of the tests. */
    noop: z.object({
      delayMs: z.number().int().min(0).max(120_000).default(0),
      marker: z.string().max(100).optional(),
    }),
  },
  defaults: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 5000 },
    removeOnComplete: { age: DAY, count: 1000 },
    removeOnFail: { age: 14 * DAY },
  },
});

/**
 * Webhook deliveries: one job per (event, endpoint), retried on the webhooks' own schedule (the
 * processor puts a failed attempt back until its next time: `attempts` here only covers a job
 * that throws, e.g. the database away).
 */
export const webhookQueue = defineQueue({
  name: 'webhooks',
  jobs: {
    /** A relayed event for one endpoint; the body is the one every attempt sends. */
    deliver: z.object({
      outboxId: z.number().int().positive(),
      endpointId: id(),
      orgId: id(),
      eventType: z.string().max(100),
      body: z.string(),
    }),
    /** A delivery made pending again (redeliver, recover). */
    redeliver: z.object({ deliveryId: id(), endpointId: id() }),
  },
  defaults: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 5000 },
    removeOnComplete: { age: DAY, count: 10_000 },
    removeOnFail: { age: 14 * DAY },
  },
});
