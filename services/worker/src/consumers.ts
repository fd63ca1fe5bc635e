import { databaseUnavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from '@insightdesk/shared/db';
import { CannotSucceedError, RetryLaterError } from '@insightdesk/shared/errors';
import type { Logger } from '@insightdesk/shared/logger';
import {
  type Attempt,
  fairShareClock,
  type JobName,
  type Processors,
  type QueueDeclaration,
  type QueueHandle,
  queuePrefix,
  registerQueueMetrics,
} from '@insightdesk/shared/queues';
import type { Tracing } from '@insightdesk/shared/tracing';
import type { Redis } from '@insightdesk/shared/valkey';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import { Counter, Histogram, type Registry } from 'prom-client';
import { isStalled } from './watchdog';

export interface QueueSettings {
  readonly concurrency: number;
  readonly lockMs: number;
  readonly stalledIntervalMs: number;
  readonly watchdogStallSeconds: number;
}

/** A queue's processors, checked against its declaration by the compiler (see `consumer`). */
export interface Consumer {
  readonly queue: string;
  /** Jobs of this queue at once (default: the worker's concurrency). */
  readonly concurrency?: number;
  /** Validates the job's payload against its declaration and runs its processor. */
  run(job: Job, attempt: Attempt): Promise<unknown>;
}

/** One queue's consumer: `Processors<Q>` makes the compiler ask for every job of the declaration. */
export function consumer<Q extends QueueDeclaration>(
  declaration: Q,
  processors: Processors<Q>,
  options: { concurrency?: number } = {},
): Consumer {
  return {
    queue: declaration.name,
    ...options,
    run(job, attempt) {
      const name = job.name as JobName<Q>;
      const schema = declaration.jobs[name];
      const processor = processors[name];
      if (!schema || !processor) throw new Error(`unknown job ${declaration.name}/${job.name}`);
      // The payload was parsed with this name's own schema: it is this name's data.
      return processor(schema.parse(job.data) as Parameters<typeof processor>[0], attempt);
    },
  };
}

type AnyProcessors = {
  readonly [job: string]: (data: never, attempt: Attempt) => Promise<unknown>;
};

/**
 * A consumer for every queue of a deployment, its processors gathered from each part that
 * declares jobs on it (the platform, the product): a job without a processor is refused at start,
 * as the compiler refuses it within each part.
 */
export function consumersFor(
  catalog: { readonly [queue: string]: QueueDeclaration },
  parts: readonly { readonly [queue: string]: AnyProcessors }[],
  concurrency: { readonly [queue: string]: number } = {},
): Consumer[] {
  return Object.entries(catalog).map(([key, declaration]) => {
    const processors = Object.assign({}, ...parts.map((part) => part[key] ?? {}));
    const missing = Object.keys(declaration.jobs).filter((job) => !processors[job]);
    if (missing.length > 0)
      throw new Error(`no processor for ${declaration.name}: ${missing.join(', ')}`);
    const options = concurrency[key] === undefined ? {} : { concurrency: concurrency[key] };
    return consumer(declaration, processors as Processors<QueueDeclaration>, options);
  });
}

/**
 * One BullMQ worker per queue, each job validated against its declaration before it runs. Every
 * worker uses the same short lock and stalled check, so a job held by a killed worker runs again
 * within about lock + interval (10 s + 5 s by default). Closing waits for the jobs in flight.
 */
export function startConsumers(options: {
  consumers: Consumer[];
  connection: Redis;
  instance: string;
  settings: QueueSettings;
  logger: Logger;
  registry: Registry;
  queues: readonly QueueHandle[];
  onStalled: () => void;
  tracing: Tracing;
}) {
  const { settings, logger } = options;
  const duration = new Histogram({
    name: 'queue_job_duration_seconds',
    help: 'Job run time by queue, name and outcome',
    labelNames: ['queue', 'name', 'outcome'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60],
    registers: [options.registry],
  });
  const failures = new Counter({
    name: 'queue_job_failures_total',
    help: 'Failed job attempts by queue and name',
    labelNames: ['queue', 'name'],
    registers: [options.registry],
  });
  registerQueueMetrics(options.registry, options.queues, options.connection);

  let lastConsumedAt = Date.now();
  let running = 0;
  const workers = options.consumers.map((consumer) => {
    const clock = fairShareClock(options.connection, consumer.queue);
    const worker = new Worker(
      consumer.queue,
      async (job: Job, token?: string) => {
        // Fair share: the queue's clock moves to the job being started (see fair-share.ts).
        await clock.started(job.opts.priority ?? 0);
        const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        try {
          return await options.tracing.inSpan(
            `job ${consumer.queue}/${job.name}`,
            {
              kind: 'consumer',
              parent: job.opts.telemetry?.metadata ?? null,
              attributes: {
                'messaging.system': 'bullmq',
                'messaging.destination.name': consumer.queue,
                'messaging.message.id': job.id ?? '',
                'insightdesk.attempt': job.attemptsMade + 1,
              },
            },
            () => consumer.run(job, { final, started: Math.max(1, job.attemptsStarted) }),
          );
        } catch (err) {
          // BullMQ fails an UnrecoverableError's job without a retry.
          if (err instanceof CannotSucceedError)
            throw Object.assign(new UnrecoverableError(err.message), { cause: err });
          // The database away (failing over, restarting) is no failure of the job's either: every
          // job is idempotent, and a failover must not spend the attempts of the jobs it met.
          const later =
            err instanceof RetryLaterError
              ? err
              : databaseUnavailable(err)
                ? new RetryLaterError(
                    new Date(Date.now() + UNAVAILABLE_RETRY_AFTER_SECONDS * 1000),
                    'the database is unavailable: the job waits for it',
                    true,
                  )
                : undefined;
          if (!later || !token) throw err;
          // Not a failure: the job waits until it can run, without spending an attempt.
          await job.moveToDelayed(Math.max(Date.now(), later.retryAt.getTime()) + 250, token);
          running = Math.max(0, running - 1);
          logger[later.routine ? 'debug' : 'info'](
            { queue: consumer.queue, job: job.name, jobId: job.id, retryAt: later.retryAt },
            later.message,
          );
          throw new DelayedError();
        }
      },
      {
        connection: options.connection,
        prefix: queuePrefix(consumer.queue, options.connection),
        name: options.instance,
        concurrency: consumer.concurrency ?? settings.concurrency,
        lockDuration: settings.lockMs,
        stalledInterval: settings.stalledIntervalMs,
        maxStalledCount: 3,
      },
    );
    const seconds = (job: Job) =>
      ((job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())) / 1000;
    worker.on('active', () => {
      running++;
      lastConsumedAt = Date.now();
    });
    worker.on('completed', (job) => {
      running = Math.max(0, running - 1);
      lastConsumedAt = Date.now();
      duration.observe(
        { queue: consumer.queue, name: job.name, outcome: 'completed' },
        seconds(job),
      );
    });
    worker.on('failed', (job, err) => {
      running = Math.max(0, running - 1);
      lastConsumedAt = Date.now();
      failures.inc({ queue: consumer.queue, name: job?.name ?? 'unknown' });
      if (job)
        duration.observe(
          { queue: consumer.queue, name: job.name, outcome: 'failed' },
          seconds(job),
        );
      logger.warn(
        {
          queue: consumer.queue,
          job: job?.name,
          jobId: job?.id,
          attempt: job?.attemptsMade,
          err,
        },
        'job failed',
      );
    });
    worker.on('error', (err) => logger.warn({ queue: consumer.queue, err }, 'queue worker error'));
    return worker;
  });

  // The watchdog: jobs waiting, room to take them, nothing consumed for a while → exit and be
  // restarted (by ./stack's supervisor or the orchestrator) with fresh connections.
  const watchdog = setInterval(async () => {
    try {
      let waiting = 0;
      for (const { queue } of options.queues) {
        const counts = await queue.getJobCounts('wait', 'prioritized');
        waiting += (counts.wait ?? 0) + (counts.prioritized ?? 0);
      }
      if (
        isStalled({
          waiting,
          active: running,
          capacity: options.consumers.reduce(
            (sum, c) => sum + (c.concurrency ?? settings.concurrency),
            0,
          ),
          lastConsumedAt,
          now: Date.now(),
          stallMs: settings.watchdogStallSeconds * 1000,
        })
      ) {
        logger.fatal(
          { waiting, idleSeconds: Math.round((Date.now() - lastConsumedAt) / 1000) },
          'no job consumed while jobs wait: exiting',
        );
        clearInterval(watchdog);
        options.onStalled();
      }
    } catch {
      // Valkey away: nothing can be consumed anyway, and nothing is known to wait.
    }
  }, 15_000);

  return {
    async close() {
      clearInterval(watchdog);
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
