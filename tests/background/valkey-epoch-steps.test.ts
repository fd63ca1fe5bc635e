import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Logger } from '@insightdesk/shared/logger';
import {
  createValkey,
  EPOCH_KEY,
  type RecoveryStep,
  type Redis,
  watchValkeyEpoch,
} from '@insightdesk/shared/valkey';
import { eventually, startValkeyServer } from '../support/stack';

// An epoch recovery is made of named steps, each with a time limit (shared/src/valkey/epoch.ts):
// a step that hangs fails the recovery with its name and gives its lease up at once, so another
// worker (or the next check) recovers — instead of a lease held for minutes with nothing to
// blame, as once happened after a FLUSHALL. On a Valkey of its own: the stack's workers watch
// the stack's epoch.

const LEASE_KEY = '{insightdesk:epoch}:recovering';
let server: ReturnType<typeof startValkeyServer>;
let valkey: Redis;
/** What the watch logged: a logger that keeps its entries (the watch only logs through it). */
const entries: { msg: string; step?: string }[] = [];
const keep = (fields: object | string, msg?: string) =>
  void entries.push(typeof fields === 'string' ? { msg: fields } : { ...fields, msg: msg ?? '' });
const logger = {
  child: () => logger,
  info: keep,
  warn: keep,
  error: keep,
} as unknown as Logger;

beforeAll(async () => {
  server = startValkeyServer('valkey-epoch-steps');
  valkey = createValkey({ url: server.url, name: 'test', kind: 'blocking', logger });
  await eventually(async () => (await valkey.ping()) === 'PONG');
});

afterAll(async () => {
  valkey?.disconnect();
  await server?.stop();
});

test('a recovery step that hangs fails the recovery by its name and gives the lease up; another worker then recovers', async () => {
  const ran: string[] = [];
  const stuck = watchValkeyEpoch({
    valkey,
    instance: 'worker-stuck',
    logger,
    intervalMs: 100,
    stepTimeoutMs: 300,
    async recover(_epoch, step: RecoveryStep) {
      await step('schedules', async () => void ran.push('schedules'));
      await step('outbox row 42 (member.invited)', () => new Promise<never>(() => {}));
    },
  });
  try {
    const failure = await eventually(() =>
      entries.find((entry) => entry.msg.includes('did not finish within 300 ms')),
    );
    expect(failure.step).toBe('outbox row 42 (member.invited)');
    expect(failure.msg).toContain('"outbox row 42 (member.invited)"');
    expect(ran[0]).toBe('schedules');
    // Given up: the epoch still pending, the lease gone (or taken again by the next check).
    expect(String(await valkey.get(EPOCH_KEY))).toStartWith('pending ');
  } finally {
    await stuck.stop();
  }
  await eventually(async () => (await valkey.get(LEASE_KEY)) === null, 5000);

  const healthy = watchValkeyEpoch({
    valkey,
    instance: 'worker-healthy',
    logger,
    intervalMs: 100,
    async recover(_epoch, step) {
      await step('schedules', async () => undefined);
    },
  });
  try {
    await eventually(async () => String(await valkey.get(EPOCH_KEY)).startsWith('done '));
  } finally {
    await healthy.stop();
  }
});

test('stopped during a recovery: the step running finishes, no other starts, the lease is given up and the epoch stays pending', async () => {
  await valkey.del(EPOCH_KEY, LEASE_KEY);
  const ran: string[] = [];
  let release = () => {};
  const watch = watchValkeyEpoch({
    valkey,
    instance: 'worker-stopping',
    logger,
    intervalMs: 100,
    async recover(_epoch, step: RecoveryStep) {
      await step(
        'outbox page 1',
        () =>
          new Promise<void>((done) => {
            ran.push('page 1 started');
            release = () => {
              ran.push('page 1 finished');
              done();
            };
          }),
      );
      await step('outbox page 2', async () => void ran.push('page 2'));
    },
  });
  await eventually(() => ran.includes('page 1 started'));
  const stopping = watch.stop();
  release();
  await stopping;
  expect(ran).toEqual(['page 1 started', 'page 1 finished']);
  expect(String(await valkey.get(EPOCH_KEY))).toStartWith('pending ');
  expect(await valkey.get(LEASE_KEY)).toBeNull();
  expect(entries.some((e) => e.msg === 'valkey epoch recovery left pending: stopping')).toBe(true);
});
