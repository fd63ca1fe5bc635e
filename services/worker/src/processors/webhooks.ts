import type { Db } from '@insightdesk/shared/db';
import type { Cipher } from '@insightdesk/shared/encryption';
import { RetryLaterError } from '@insightdesk/shared/errors';
import { hostsFileResolver, parseNetworks } from '@insightdesk/shared/net';
import type { Attempt, JobData, Processors, webhookQueue } from '@insightdesk/shared/queues';
import type { Redis } from '@insightdesk/shared/valkey';
import {
  abandonDelivery,
  type DeliveryToSend,
  deliveryToSend,
  endpointSlots,
  endpointTarget,
  ensureDelivery,
  markEndpointFailed,
  markEndpointSucceeded,
  nextDelay,
  recordAttempt,
  retryAfterMs,
  sendWebhook,
  takeAttempt,
  webhookHeaders,
} from '@insightdesk/shared/webhooks';

export interface WebhookDeps {
  readonly db: Db;
  readonly cipher: Cipher;
  readonly valkey: Redis;
  readonly config: {
    readonly allowedNetworks: readonly string[];
    readonly allowedPorts: readonly number[];
    readonly retrySchedule: readonly number[];
    readonly timeoutMs: number;
    readonly endpointConcurrency: number;
    readonly disableAfterMs: number;
    readonly hostsFile?: string | undefined;
  };
}

/**
 * How long a job waits when its endpoint's slots are all busy: longer each time it finds them
 * busy (a flood's jobs spread out instead of coming back together and crowding the queue, each
 * return costing the queue's scripts), with jitter, up to a bound.
 */
export function busyWaitMs(started: number, random = Math.random()): number {
  const base = Math.min(30_000, 500 * 1.6 ** Math.max(0, started - 1));
  return Math.round(base * (0.5 + random));
}

/**
 * Webhook attempts. One attempt per run of a job: the delivery's row (created by its first run)
 * holds its `webhook-id`, body and the attempts made; a failure is logged and the job put back
 * until the schedule's next time (RetryLaterError: not a failed job), until the schedule is spent.
 * A worker killed mid-attempt leaves the job to stall and run again: the same delivery, the same
 * `webhook-id` (receivers deduplicate on it). The endpoint's secrets are read at each attempt, so
 * a rotation takes effect at once.
 */
export function webhookProcessors(deps: WebhookDeps): Processors<typeof webhookQueue> {
  const { db, cipher, config } = deps;
  const policy = {
    allowedNetworks: parseNetworks(config.allowedNetworks, 'WEBHOOK_ALLOWED_NETWORKS'),
    allowedPorts: config.allowedPorts,
    timeoutMs: config.timeoutMs,
    ...(config.hostsFile ? { resolve: hostsFileResolver(config.hostsFile) } : {}),
  };
  /** How long an attempt may hold its endpoint's slot, and its delivery: its request and record. */
  const attemptLeaseMs = config.timeoutMs + 5000;
  const slots = endpointSlots(deps.valkey, {
    perEndpoint: config.endpointConcurrency,
    leaseMs: attemptLeaseMs,
  });

  /**
   * One attempt to `endpointId`, in one of its slots: taken first, before any other work, so a
   * job of a busy endpoint costs one Valkey call and goes back to wait.
   */
  async function attempt(
    endpointId: string,
    { started }: Attempt,
    load: () => Promise<DeliveryToSend | null>,
  ) {
    const release = await slots.take(endpointId);
    if (!release) {
      const retryAt = new Date(Date.now() + busyWaitMs(started));
      throw new RetryLaterError(retryAt, 'webhook endpoint busy', true);
    }
    try {
      return await attemptInSlot(await load());
    } finally {
      await release();
    }
  }

  async function attemptInSlot(delivery: DeliveryToSend | null) {
    if (delivery?.status !== 'pending') return { skipped: 'not pending' };
    // Another job of the delivery made its attempt, or its time (a retry's, Retry-After's) is to
    // come: this job waits for it, and makes the attempt then unless another took it.
    const taken = await takeAttempt(db, delivery.id, attemptLeaseMs);
    if (taken === null) return { skipped: 'not pending' };
    if (taken !== 'taken') throw new RetryLaterError(taken, 'webhook attempt not due', true);
    const endpoint = await endpointTarget(db, delivery.endpointId, cipher);
    if (!endpoint?.enabled) {
      await abandonDelivery(db, delivery.id);
      return { skipped: 'endpoint disabled' };
    }
    const outcome = await sendWebhook(
      {
        url: endpoint.url,
        headers: webhookHeaders(endpoint.secrets, delivery.messageId, delivery.body),
        body: delivery.body,
      },
      policy,
    );

    const status = outcome.kind === 'answered' ? outcome.status : null;
    const succeeded = status !== null && status >= 200 && status < 300;
    const gone = status === 410;
    const error =
      outcome.kind !== 'answered'
        ? outcome.error
        : status !== null && status >= 300 && status < 400
          ? 'redirect not followed'
          : null;
    const failures = delivery.attempts + 1;
    const retryAfter = outcome.kind === 'answered' ? retryAfterMs(outcome.retryAfter) : null;
    const result = await db.transaction(async (tx) => {
      const disabled = succeeded
        ? null
        : await markEndpointFailed(tx, endpoint.id, {
            gone,
            disableAfterMs: config.disableAfterMs,
          });
      if (succeeded) await markEndpointSucceeded(tx, endpoint.id);
      const delay =
        succeeded || disabled ? null : nextDelay(config.retrySchedule, failures, retryAfter);
      const next = delay === null ? null : new Date(Date.now() + delay);
      await recordAttempt(
        tx,
        delivery.id,
        {
          statusCode: status,
          error,
          latencyMs: outcome.latencyMs,
          responseExcerpt: outcome.kind === 'answered' ? outcome.excerpt : '',
          succeeded,
        },
        { status: succeeded ? 'succeeded' : next ? 'pending' : 'failed', nextAttemptAt: next },
      );
      return { next, disabled };
    });
    if (result.next)
      throw new RetryLaterError(
        result.next,
        `webhook attempt ${failures} failed (${error ?? status})`,
      );
    return {
      succeeded,
      attempts: failures,
      ...(result.disabled ? { disabled: result.disabled } : {}),
    };
  }

  return {
    deliver: (data: JobData<typeof webhookQueue, 'deliver'>, run: Attempt) =>
      attempt(data.endpointId, run, () => ensureDelivery(db, data)),
    redeliver: (
      { deliveryId, endpointId }: JobData<typeof webhookQueue, 'redeliver'>,
      run: Attempt,
    ) => attempt(endpointId, run, () => deliveryToSend(db, deliveryId)),
  };
}
