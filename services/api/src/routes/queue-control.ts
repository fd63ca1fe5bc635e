import { z } from '@hono/zod-openapi';
import { auditRequest, bearer, createRouter, json, problems, route } from '@insightdesk/shared/api';
import { recordAudit } from '@insightdesk/shared/audit';
import { NotFoundError } from '@insightdesk/shared/errors';
import type { QueueHandle } from '@insightdesk/shared/queues';
import { int64 } from '@insightdesk/shared/shapes';
import type { ApiDeps } from '../deps';
import { platformOperators } from '../middleware/platform-operators';

/** Bounds of the answer for the document: a handful of queues are declared (the platform's and its product's). */
const MAX_QUEUES = 100;
const MAX_WORKERS_LISTED = 1000;

const STATES = ['wait', 'prioritized', 'active', 'delayed', 'completed', 'failed'] as const;

const queueSchema = z
  .object({
    name: z.string().max(64),
    paused: z.boolean(),
    counts: z.record(z.enum(STATES), int64()),
    workers: z
      .array(z.object({ name: z.string().max(256), idleSeconds: z.number().nullable() }))
      .max(MAX_WORKERS_LISTED)
      .openapi({ description: 'the worker connections consuming it' }),
  })
  .openapi('QueueState');

async function describe(handle: QueueHandle) {
  const { queue } = handle;
  const [paused, counts, workers] = await Promise.all([
    queue.isPaused(),
    queue.getJobCounts(...STATES),
    queue.getWorkers(),
  ]);
  return {
    name: queue.name,
    paused,
    counts: Object.fromEntries(STATES.map((s) => [s, counts[s] ?? 0])) as Record<
      (typeof STATES)[number],
      number
    >,
    // BullMQ names each worker's connection `<prefix>:<base64 queue>:w:<worker name>`.
    workers: workers.map((w) => ({
      name: String(w.rawname ?? w.name ?? '').split(':w:')[1] ?? '',
      idleSeconds: w.idle === undefined ? null : Number(w.idle),
    })),
  };
}

const nameParams = z.object({ name: z.string().min(1).max(64) });

/**
 * `/api/v1/admin/queues` (platform operators): every queue's counts, pause state and workers,
 * and pause/resume. A paused queue keeps accepting jobs; its workers take none until it resumes.
 */
export function queueControlRoutes(deps: ApiDeps) {
  const app = createRouter();
  app.use('/queues', platformOperators(deps));
  app.use('/queues/*', platformOperators(deps));
  const find = (name: string) => {
    const handle = deps.queues.find((q) => q.queue.name === name);
    if (!handle) throw new NotFoundError('queue_not_found', 'No such queue.');
    return handle;
  };

  app.openapi(
    route({
      method: 'get',
      path: '/queues',
      operationId: 'listQueues',
      tags: ['admin'],
      summary: 'Every queue: job counts by state, paused or not, its workers (platform operators)',
      security: bearer,
      responses: {
        200: json(z.object({ queues: z.array(queueSchema).max(MAX_QUEUES) }), 'The queues'),
        ...problems(401, 403),
      },
    }),
    async (c) => c.json({ queues: await Promise.all(deps.queues.map(describe)) }, 200),
  );

  for (const action of ['pause', 'resume'] as const) {
    app.openapi(
      route({
        method: 'post',
        path: `/queues/{name}/${action}`,
        operationId: `${action}Queue`,
        tags: ['admin'],
        summary:
          action === 'pause'
            ? 'Pause a queue: jobs are still accepted, none runs until it resumes'
            : 'Resume a paused queue',
        security: bearer,
        request: { params: nameParams },
        responses: { 200: json(queueSchema, 'The queue now'), ...problems(401, 403, 404) },
      }),
      async (c) => {
        const handle = find(c.req.valid('param').name);
        if (action === 'pause') await handle.queue.pause();
        else await handle.queue.resume();
        // After the act (Valkey has no transaction with PostgreSQL): a crash in between loses the
        // entry of a pause that happened, never records one that did not.
        await recordAudit(deps.database.db, {
          organizationId: null,
          actor: { type: 'operator', id: c.get('userId') },
          request: auditRequest(c, deps),
          action: action === 'pause' ? 'operator.queue-paused' : 'operator.queue-resumed',
          target: { type: 'queue', id: handle.queue.name },
        });
        return c.json(await describe(handle), 200);
      },
    );
  }
  return app;
}
