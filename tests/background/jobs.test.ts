import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCatalog } from '@insightdesk/fixture-product';
import { deploymentCatalog } from '@insightdesk/shared/product';
import { createItem, team } from '../support/api';
import { deployment } from '../support/deployment';
import { direct } from '../support/http';
import { waitForMail } from '../support/mail';
import { queueClient } from '../support/queues';
import { DATA, eventually, processInfo, servicePort, stack } from '../support/stack';

const { maintenance: maintenanceQueue } = deployment.queues;
const queueCatalog = deployment.queues;

// The mail queue as the fixture product's deployment declares it (its `item-created` job).
const email = queueClient(deploymentCatalog(fixtureCatalog).queues.email);
const maintenance = queueClient(maintenanceQueue);

afterAll(async () => {
  await stack('start', 'worker');
  await email.close();
  await maintenance.close();
});

/** Which worker instance runs a job (BullMQ records the worker's name on the job). */
async function runningOn(jobId: string): Promise<string> {
  return eventually(
    async () => {
      const job = await maintenance.queue.getJob(jobId);
      const state = await job?.getState();
      return state === 'active'
        ? ((job as { processedBy?: string } | undefined)?.processedBy ?? undefined)
        : undefined;
    },
    15_000,
    50,
  );
}

describe('queues', () => {
  test('an email job forced to run twice sends once', async () => {
    const t = await team();
    // The fixture product's mail of a new item, to its owner (tests/fixture-product).
    const item = await createItem(t.requester, t.orgId, 'Once only');
    const mailed = (m: { template: string }) => m.template === 'item-created';
    await waitForMail(t.requester.email, 1, mailed);
    // The same job again, twice (new job ids: nothing dedupes them but the send record).
    const data = { orgId: t.orgId, itemId: item.id };
    const jobs = await Promise.all(
      ['again-1', 'again-2'].map((suffix) =>
        email.handle.add('item-created', data, { jobId: `item-created-${item.id}-${suffix}` }),
      ),
    );
    const results = await Promise.all(jobs.map((job) => email.finished(job)));
    expect(results).toEqual([{ sent: 0 }, { sent: 0 }]);
    await Bun.sleep(300);
    expect(await waitForMail(t.requester.email, 1, mailed)).toHaveLength(1);
  });

  test('SIGKILL of the worker in the middle of a slow job: it completes after the worker returns, once', async () => {
    const marker = crypto.randomUUID();
    const job = await maintenance.handle.add('noop', {
      delayMs: 4000,
      marker,
    });
    const instance = await runningOn(job.id as string);
    const victim = await processInfo(instance);
    process.kill(victim.pid as number, 'SIGKILL');
    // The lock (10 s) lapses, the stalled check (5 s) puts the job back, a worker runs it anew.
    await maintenance.finished(job, 45_000);
    expect(await maintenance.connection.get(`insightdesk:noop:${marker}`)).toBe('1');
    expect(await (await maintenance.queue.getJob(job.id as string))?.getState()).toBe('completed');
    await eventually(async () => (await processInfo(instance)).ready, 20_000);
  }, 60_000);

  test('SIGTERM lets the worker finish the job it is running before it exits', async () => {
    const marker = crypto.randomUUID();
    const job = await maintenance.handle.add('noop', {
      delayMs: 2500,
      marker,
    });
    const instance = await runningOn(job.id as string);
    await stack('stop', instance); // returns once the process exited
    expect(await maintenance.connection.get(`insightdesk:noop:${marker}`)).toBe('1');
    expect(await (await maintenance.queue.getJob(job.id as string))?.getState()).toBe('completed');
    const stopped = JSON.parse(await stack('status', '--json')).processes.find(
      (p: { name: string }) => p.name === instance,
    );
    expect(stopped.lastExit.code).toBe(0);
    await stack('start', instance);
  }, 60_000);

  test('maintenance: schedules exist; purge removes what expired', async () => {
    const schedulers = await maintenance.queue.getJobSchedulers();
    // The platform's, beside whatever the product schedules on the maintenance queue.
    expect(schedulers.map((s) => s.key)).toEqual(expect.arrayContaining(['purge']));

    // A scratch file a killed process left two days ago, and one in flight.
    const scratch = join(DATA, 'storage', 'tmp');
    mkdirSync(scratch, { recursive: true });
    const [left, inFlight] = ['upload', 'upload'].map((name) =>
      join(scratch, `${name}-${Bun.randomUUIDv7()}`),
    );
    for (const path of [left, inFlight]) writeFileSync(path ?? '', 'bytes');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600_000);
    utimesSync(left ?? '', twoDaysAgo, twoDaysAgo);

    const purge = await maintenance.handle.add('purge', {});
    const removed = (await maintenance.finished(purge)) as Record<string, number>;
    expect(removed.scratchFiles).toBeGreaterThanOrEqual(1);
    expect([left, inFlight].map((path) => existsSync(path ?? ''))).toEqual([false, true]);
    rmSync(inFlight ?? '', { force: true });
    expect(Object.keys(removed).sort()).toEqual([
      'accountTokens',
      'auditLog',
      'emailDeliveries',
      'idempotencyKeys',
      'invitations',
      'outbox',
      'outboxParked',
      'refreshTokens',
      'scratchFiles',
      'webhookDeliveries',
    ]);
  });

  test('queue depth, job duration and failures are on the worker /metrics', async () => {
    // Either worker may have run the jobs above (and a restarted one starts from zero),
    // so the samples are read across both instances; the declarations must be on each.
    const texts = await Promise.all(
      [1, 2].map(async (i) =>
        (await fetch(`http://127.0.0.1:${servicePort('worker', i)}/metrics`)).text(),
      ),
    );
    for (const text of texts) {
      expect(text).toMatch(/queue_jobs\{[^}]*queue="email"/);
      expect(text).toContain('# TYPE queue_job_duration_seconds histogram');
      expect(text).toContain('# TYPE queue_job_failures_total counter');
      expect(text).toContain('outbox_relayed_total');
    }
    expect(texts.join('\n')).toMatch(/queue_job_duration_seconds_bucket\{[^}]*queue="maintenance"/);
    const health = await direct('api', '/health');
    expect(Object.keys(health.body.queues).sort()).toEqual(
      Object.values(queueCatalog)
        .map((q) => q.name)
        .sort(),
    );
    expect(health.body.instances.worker.length).toBe(2);
  });
});
