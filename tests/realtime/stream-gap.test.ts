import { afterAll, beforeAll, expect, test } from 'bun:test';
import { loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { appendEvent, dropStream, readSince, wireDecoder } from '@insightdesk/shared/realtime';
import { createValkey, valkeyGeneration } from '@insightdesk/shared/valkey';
import { ROOT } from '../support/stack';

// A ws instance's gap read (after its relay channel came back) of an organization whose stream
// it had seen absent: the case a Valkey restart met when the relay appended the first event
// before the ws instance read the gap, and the subscriber was told to resync instead of given it.
const config = loadConfig({ valkey: valkeyConfig }, { dir: ROOT });
const valkey = createValkey({
  url: config.valkey.url,
  name: 'tests',
  kind: 'command',
  logger: createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' }),
});
beforeAll(async () => {
  if (valkey.status !== 'ready') await new Promise((ready) => valkey.once('ready', ready));
});
const orgs: string[] = [];
afterAll(async () => {
  await Promise.all(orgs.map((orgId) => dropStream(valkey, orgId)));
  valkey.disconnect();
});

const decoder = wireDecoder({ stream: ['item.created'], user: [] });
const bounds = { streamMaxLength: 100, streamMaxBytes: 1_000_000, streamIdleSeconds: 600 };
const entry = (n: number) =>
  JSON.stringify({
    type: 'item.created',
    at: new Date().toISOString(),
    data: { n },
    audience: { members: [] },
  });
const read = (orgId: string, since: string | undefined, absentIn?: string | null) =>
  readSince(valkey, decoder, orgId, since, 50, { absentIn });

function newOrg() {
  const orgId = crypto.randomUUID();
  orgs.push(orgId);
  return orgId;
}

test('a stream started after a reader saw it absent holds every event since, while Valkey keeps its data', async () => {
  const orgId = newOrg();
  const first = await read(orgId, undefined);
  expect(first).toMatchObject({ events: [], resync: false, lastId: '0-0' });
  expect(first.absentIn).toBe(await valkeyGeneration(valkey));
  expect(first.absentIn).toBeString();

  for (const n of [1, 2])
    await appendEvent(valkey, { outboxId: n, orgId, entry: entry(n) }, bounds);
  const gap = await read(orgId, '0-0', first.absentIn);
  expect(gap.resync).toBe(false);
  expect(gap.events.map((e) => e.envelope.data)).toEqual([{ n: 1 }, { n: 2 }]);
  // A client's own '0-0' is not vouched for: the stream began after whatever it may have missed.
  expect((await read(orgId, '0-0')).resync).toBe(true);
});

test('seen absent in another generation of Valkey data: resync, even when the stream is absent again', async () => {
  const started = newOrg();
  await appendEvent(valkey, { outboxId: 1, orgId: started, entry: entry(1) }, bounds);
  expect(await read(started, '0-0', 'a-generation-since-lost')).toMatchObject({
    events: [],
    resync: true,
  });
  const absent = await read(newOrg(), '0-0', 'a-generation-since-lost');
  expect(absent).toMatchObject({ events: [], resync: true, lastId: '0-0' });
  // The generation it is absent in now, for the next read.
  expect(absent.absentIn).toBe(await valkeyGeneration(valkey));
});

test('a stream that trimmed entries since it started vouches for nothing before them', async () => {
  const orgId = newOrg();
  const { absentIn } = await read(orgId, undefined);
  for (const n of [1, 2, 3])
    await appendEvent(
      valkey,
      { outboxId: n, orgId, entry: entry(n) },
      { ...bounds, streamMaxLength: 2 },
    );
  expect(await read(orgId, '0-0', absentIn)).toMatchObject({ events: [], resync: true });
});
