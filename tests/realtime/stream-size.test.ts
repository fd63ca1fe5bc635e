import { afterAll, expect, test } from 'bun:test';
import { loadConfig, realtimeConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { streamKey } from '@insightdesk/shared/realtime';
import { createValkey } from '@insightdesk/shared/valkey';
import { createItem, registerOwner } from '../support/api';
import { call } from '../support/http';
import { request, subscribed } from '../support/realtime';
import { ROOT } from '../support/stack';

const config = loadConfig({ realtime: realtimeConfig, valkey: valkeyConfig }, { dir: ROOT });
const limits = config.realtime;
const valkey = createValkey({
  url: config.valkey.url,
  name: 'tests',
  kind: 'command',
  logger: createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' }),
});
afterAll(() => valkey.disconnect());

const ITEMS = 2000;
/** The fixture product's longest title (tests/fixture-product/src/schemas.ts): one differs per item. */
const TITLE_CHARS = 4000;
const longTitle = (i: number) => `#${i} `.padEnd(TITLE_CHARS, 'lorem ipsum dolor sit amet ');

test('2,000 events of 4,000 characters keep the stream within its byte bound; a trimmed resume resyncs', async () => {
  const owner = await registerOwner('Verbose');
  const client = await subscribed(owner.token, owner.orgId);
  const first = await createItem(owner, owner.orgId, 'First');
  await client.until(() => client.of('item.created').length === 1);
  const firstId = client.of('item.created')[0]?.id ?? '';

  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = next++; i < ITEMS; i = next++)
        await createItem(owner, owner.orgId, longTitle(i));
    }),
  );
  await createItem(owner, owner.orgId, 'Short and whole.');
  await client.until(() => client.of('item.created').length === ITEMS + 2, 120_000);
  const events = client.of('item.created');
  expect(events.at(-1)?.data.item).toMatchObject({ title: 'Short and whole.' });
  // The API still has what the stream let go of.
  const kept = await call(`/api/v1/orgs/${owner.orgId}/items/${first.id}`, { token: owner.token });
  expect(kept.body.title).toBe('First');

  const key = streamKey(owner.orgId);
  const memory = Number(await valkey.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
  const length = await valkey.xlen(key);
  console.log(
    `stream of ${ITEMS} events of ${TITLE_CHARS} characters: ${(memory / 1024 / 1024).toFixed(2)} MB ` +
      `in Valkey (MEMORY USAGE), ${length} events kept (bounds: ${limits.streamMaxBytes} bytes, ${limits.streamMaxLength} events)`,
  );
  // The bound counts the entries' bytes; Valkey's own structure adds about a fifth.
  expect(memory).toBeLessThan(limits.streamMaxBytes * 1.5);
  expect(length).toBeLessThan(ITEMS); // the byte bound, not the count, decided

  const lastId = events.at(-1)?.id ?? '';
  // A client resuming from a trimmed event is told to refetch; from a kept one it replays.
  expect(await request(client.socket, 'subscribe', { orgId: owner.orgId, since: firstId })).toEqual(
    {
      ok: true,
      lastEventId: lastId,
      resync: true,
    },
  );
  const recent = events.at(-11)?.id ?? '';
  const before = client.received.length;
  expect(await request(client.socket, 'subscribe', { orgId: owner.orgId, since: recent })).toEqual({
    ok: true,
    lastEventId: lastId,
  });
  expect(client.received.slice(before).map((e) => e.id)).toEqual(
    events.slice(-10).map((e) => e.id),
  );
  client.socket.disconnect();
}, 240_000);
