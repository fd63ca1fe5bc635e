import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../logger';
import { createValkey, type Redis, waitReady } from '../valkey';
import {
  fairShare,
  MAX_PRIORITY,
  priorityOfTag,
  REBASE,
  tagOfPriority,
  URGENT_PRIORITY,
} from './fair-share';
import { QUEUE_PREFIX } from './producer';

test('tags become priorities above the urgent one, and back; urgent jobs move no clock', () => {
  expect(priorityOfTag(1)).toBe(URGENT_PRIORITY + 1);
  for (const tag of [1, 2, 500, 2_097_150]) expect(tagOfPriority(priorityOfTag(tag))).toBe(tag);
  expect(tagOfPriority(URGENT_PRIORITY)).toBeNull();
  expect(tagOfPriority(0)).toBeNull();
});

// The scripts themselves, on a throwaway server of this test's own (no stack): the one binary
// the stack runs, on a free port, in a scratch directory, gone with the test.
const binary = Bun.which('valkey-server') ?? Bun.which('redis-server');
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe.skipIf(!binary)('fair share: the scripts, on a server of its own', () => {
  const dir = mkdtempSync(join(tmpdir(), 'insightdesk-fair-share-'));
  let server: ReturnType<typeof Bun.spawn> | undefined;
  let valkey: Redis;
  let queue = 0;
  /** A fresh queue each test: its own clock, tags and prioritized set. */
  const open = () => {
    const name = `q${++queue}`;
    return {
      fair: fairShare(valkey, name, QUEUE_PREFIX),
      keys: {
        clock: `${QUEUE_PREFIX}:fair:${name}:clock`,
        lastTags: `${QUEUE_PREFIX}:fair:${name}:last-tags`,
        prioritized: `${QUEUE_PREFIX}:${name}:prioritized`,
      },
    };
  };

  beforeAll(async () => {
    const port = await freePort();
    server = Bun.spawn(
      [binary ?? '', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir],
      { stdout: 'ignore', stderr: 'ignore' },
    );
    valkey = createValkey({
      url: `redis://127.0.0.1:${port}`,
      name: 'fair-share-test',
      kind: 'command',
      logger: createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' }),
    });
    expect(await waitReady(valkey, 10_000)).toBe(true);
  }, 20_000);

  afterAll(async () => {
    valkey?.disconnect();
    server?.kill();
    await server?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  test("a burst of one organization does not hold up another's next job: it runs after at most one of each", async () => {
    const { fair } = open();
    // What BullMQ does with priorities: the lowest first, equal ones in the order added.
    const waiting: { priority: number; seq: number; org: string }[] = [];
    let seq = 0;
    const add = async (org: string) =>
      waiting.push({ priority: await fair.tag(org), seq: seq++, org });
    const next = async () => {
      waiting.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
      const job = waiting.shift();
      if (job) await fair.started(job.priority);
      return job?.org;
    };
    for (let i = 0; i < 200; i++) await add('burst');
    const ran = [await next(), await next()];
    for (let i = 0; i < 3; i++) await add('quiet');
    for (let i = 0; i < 6; i++) ran.push(await next());
    // The quiet organization's three jobs alternate with the burst's, not behind its 198 left.
    expect(ran).toEqual(['burst', 'burst', 'burst', 'quiet', 'burst', 'quiet', 'burst', 'quiet']);
    // A third organization arriving later is next but one, too.
    await add('late');
    expect([await next(), await next()]).toContain('late');
    // Some 200 round trips: seconds on a loaded machine.
  }, 30_000);

  test('an urgent job moves no clock; a started tag moves it and drops the organizations it reached', async () => {
    const { fair, keys } = open();
    const a = await fair.tag('a');
    await fair.tag('a');
    const b = await fair.tag('b');
    expect([a, b]).toEqual([priorityOfTag(1), priorityOfTag(1)]);
    await fair.started(URGENT_PRIORITY);
    expect(await valkey.get(keys.clock)).toBeNull();
    await fair.started(a);
    expect(await valkey.get(keys.clock)).toBe('1');
    // b's last tag (1) is reached: only a, with a job ahead of the clock, is kept.
    expect(await valkey.zrange(keys.lastTags, 0, -1)).toEqual(['a']);
    // A started job behind the clock (a retry) does not move it back.
    await fair.started(priorityOfTag(2));
    await fair.started(a);
    expect(await valkey.get(keys.clock)).toBe('2');
    expect(await valkey.zcard(keys.lastTags)).toBe(0);
  }, 30_000);

  test('past the rebase point the clock restarts once nothing prioritized waits; tags never pass BullMQ’s maximum', async () => {
    const { fair, keys } = open();
    await valkey.set(keys.clock, REBASE + 1);
    await valkey.zadd(keys.prioritized, 1, 'a-job');
    // Jobs still wait at the old tags: no restart, and the tag follows the clock.
    expect(tagOfPriority(await fair.tag('a'))).toBe(REBASE + 2);
    await valkey.del(keys.prioritized);
    expect(tagOfPriority(await fair.tag('a'))).toBe(1);
    expect(await valkey.get(keys.clock)).toBe('0');
    // Near the top, tags stay within what BullMQ takes as a priority.
    await valkey.set(keys.clock, MAX_PRIORITY + 10);
    await valkey.zadd(keys.prioritized, 1, 'a-job');
    expect(await fair.tag('b')).toBe(MAX_PRIORITY);
  }, 30_000);
});
