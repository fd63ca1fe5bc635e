import { afterAll, describe, expect, test } from 'bun:test';
import { emailQueue } from '@insightdesk/shared/queues';
import type { Job } from 'bullmq';
import { createItem, operatorToken, registerOwner, uniqueEmail } from '../support/api';
import { call } from '../support/http';
import { queueClient } from '../support/queues';
import { eventually } from '../support/stack';

// The order in which the workers take jobs after a backlog built up while the queue was paused:
// BullMQ stamps `processedOn` when a worker takes a job, in the order of the queue's priorities.
// An order, not a time: nothing here depends on how fast the machine is.

const BURST = 120;
const NEIGHBOUR_ITEMS = 3;
const email = queueClient(emailQueue);
afterAll(() => email.close());

async function operate(path: string, body?: unknown) {
  const res = await call(path, {
    method: body === undefined ? 'POST' : 'PUT',
    token: await operatorToken(),
    body,
  });
  expect(res.status).toBe(200);
}

const setFairQueues = (enabled: boolean) =>
  operate('/api/v1/admin/features/fair-queues', { enabled });

/** Jobs by id, once the outbox relay has added every one of them. */
async function jobs(ids: string[]): Promise<Job[]> {
  let found: (Job | undefined)[] = [];
  await eventually(async () => {
    found = await Promise.all(ids.map((id) => email.queue.getJob(id)));
    return found.every((job) => job !== undefined);
  }, 30_000);
  return found as Job[];
}

/**
 * Organization A creates BURST items (a mail each: the fixture product's) while the email queue
 * is paused, then organization B creates a few and invites someone (urgent); on resume, where do
 * B's jobs start?
 */
async function burstNextToNeighbour() {
  const a = await registerOwner('Burst');
  const b = await registerOwner('Neighbour');
  await operate('/api/v1/admin/queues/email/pause');
  let resumed = false;
  try {
    const burst = [];
    for (let i = 0; i < BURST; i++) burst.push(await createItem(a, a.orgId, `Bulk ${i}`));
    const neighbour = [];
    for (let i = 0; i < NEIGHBOUR_ITEMS; i++)
      neighbour.push(await createItem(b, b.orgId, `Next door ${i}`));
    const invited = await call(`/api/v1/orgs/${b.orgId}/invitations`, {
      token: b.token,
      body: { email: uniqueEmail('waiting'), role: 'agent' },
    });
    expect(invited.status).toBe(201);
    const ids = {
      burst: burst.map((t) => `item-created-${t.id}`),
      neighbour: neighbour.map((t) => `item-created-${t.id}`),
      invitation: `invitation-${invited.body.id}`,
    };
    const queued = await jobs([...ids.burst, ...ids.neighbour, ids.invitation]);
    await operate('/api/v1/admin/queues/email/resume');
    resumed = true;
    // Every one of them taken by a worker (and finished).
    let taken: Job[] = [];
    await eventually(async () => {
      taken = await jobs([...ids.burst, ...ids.neighbour, ids.invitation]);
      return taken.every((job) => job.finishedOn !== undefined);
    }, 90_000);
    // A job's rank: how many were taken strictly before it (jobs taken in the same millisecond
    // share a rank, whatever order they were listed in).
    const takenAt = new Map(taken.map((job) => [job.id, job.processedOn ?? 0]));
    const rank = (id: string) =>
      taken.filter((job) => (job.processedOn ?? 0) < (takenAt.get(id) ?? 0)).length;
    console.log(
      `fair share ${queued.some((job) => (job.opts.priority ?? 0) > 0) ? 'on' : 'off'}: of ${taken.length} jobs, the invitation started ${rank(ids.invitation) + 1}., the neighbour's items ${ids.neighbour.map((id) => rank(id) + 1).join(', ')}.`,
    );
    return {
      priorities: new Map(queued.map((job) => [job.id, job.opts.priority ?? 0])),
      invitationRank: rank(ids.invitation),
      neighbourRanks: ids.neighbour.map(rank),
      ids,
    };
  } finally {
    if (!resumed) await operate('/api/v1/admin/queues/email/resume');
  }
}

describe('urgent first, fair between organizations (email queue)', () => {
  test('fair share on: the invitation goes first and the neighbour waits for a few jobs, not the burst', async () => {
    const run = await burstNextToNeighbour();
    expect(run.priorities.get(run.ids.invitation)).toBe(1);
    for (const id of run.ids.burst) expect(run.priorities.get(id)).toBeGreaterThan(1);
    // Two workers take jobs at once, each stamping its own clock: among the first few taken.
    expect(run.invitationRank).toBeLessThanOrEqual(3);
    // Each of the neighbour's jobs waits for about one of the burst's per tag, plus the other worker's.
    expect(Math.max(...run.neighbourRanks)).toBeLessThan(4 * NEIGHBOUR_ITEMS);
  }, 180_000);

  test('fair share off (plain FIFO): the same neighbour waits behind the whole burst', async () => {
    await setFairQueues(false);
    try {
      // The workers follow the flag through Valkey: a job added now is not prioritized.
      const probe = await registerOwner('Probe');
      await eventually(async () => {
        const item = await createItem(probe, probe.orgId);
        const [job] = await jobs([`item-created-${item.id}`]);
        return (job?.opts.priority ?? 0) === 0;
      }, 15_000);
      const run = await burstNextToNeighbour();
      expect([...run.priorities.values()].every((p) => p === 0)).toBe(true);
      // Behind (nearly) all of the burst: a rank counts only jobs taken strictly earlier, so
      // the burst's last jobs, taken in the same milliseconds, may not count.
      expect(run.invitationRank).toBeGreaterThanOrEqual(BURST - 20);
      expect(Math.min(...run.neighbourRanks)).toBeGreaterThanOrEqual(BURST - 20);
    } finally {
      await setFairQueues(true);
    }
  }, 180_000);
});
