import { afterAll, expect, test } from 'bun:test';
import { loadConfig, realtimeConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { streamKey } from '@insightdesk/shared/realtime';
import { createValkey } from '@insightdesk/shared/valkey';
import { openTicket, registerOwner } from '../support/api';
import { deployment } from '../support/deployment';
import { call } from '../support/http';
import { request, subscribed } from '../support/realtime';
import { ROOT } from '../support/stack';

const config = loadConfig({ realtime: realtimeConfig, valkey: valkeyConfig }, { dir: ROOT });
const limits = config.realtime;
// The help desk's bound on bodies in events (its config group, declared in its catalogue).
const bodyMaxChars = loadConfig(deployment.config, { dir: ROOT }).messages.eventBodyMaxChars;
const valkey = createValkey({
  url: config.valkey.url,
  name: 'tests',
  kind: 'command',
  logger: createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' }),
});
afterAll(() => valkey.disconnect());

const MESSAGES = 2000;
const LENGTH = 20_000;
/** A long body that differs per message; a two-unit character sits where the cut falls. */
const longBody = (i: number) => {
  const head = `#${i} `.padEnd(bodyMaxChars - 1, 'lorem ipsum ');
  return `${head}😀${'dolor-sit-amet-'.repeat(LENGTH)}`.slice(0, LENGTH);
};

test('2,000 messages of 20,000 characters keep the stream within its byte bound; events carry a cut body', async () => {
  const owner = await registerOwner('Verbose');
  const client = await subscribed(owner.token, owner.orgId);
  const ticket = await openTicket(owner, owner.orgId);
  await client.until(() => client.of('ticket.created').length === 1);
  const firstId = client.of('ticket.created')[0]?.id ?? '';

  const post = (body: string) =>
    call(`/api/v1/orgs/${owner.orgId}/tickets/${ticket.id}/messages`, {
      token: owner.token,
      body: { body },
    });
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = next++; i < MESSAGES; i = next++) {
        const res = await post(longBody(i));
        if (res.status !== 201) throw new Error(`message ${i}: ${res.status} ${res.text}`);
      }
    }),
  );
  const short = await post('Short and whole.');
  expect(short.status).toBe(201);
  await client.until(() => client.of('message.created').length === MESSAGES + 1, 120_000);

  // Events carry the start of a long body and say it was cut; a short one whole, unmarked.
  const events = client.of('message.created');
  for (const event of events.slice(0, -1)) {
    const { body, bodyTruncated } = event.data.message;
    expect(bodyTruncated).toBe(true);
    expect(body.length).toBe(bodyMaxChars - 1); // the pair at the cut is left out whole
    expect(longBody(Number(body.slice(1, body.indexOf(' ')))).startsWith(body)).toBe(true);
  }
  expect(events.at(-1)?.data.message).toMatchObject({ body: 'Short and whole.' });
  expect(events.at(-1)?.data.message).not.toHaveProperty('bodyTruncated');
  // The API still has every body whole.
  const page = await call(`/api/v1/orgs/${owner.orgId}/tickets/${ticket.id}/messages?limit=5`, {
    token: owner.token,
  });
  const bodies: string[] = page.body.items.map((m: { body: string }) => m.body);
  expect(bodies.filter((b) => b.length === LENGTH)).not.toHaveLength(0);

  const key = streamKey(owner.orgId);
  const memory = Number(await valkey.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
  const length = await valkey.xlen(key);
  console.log(
    `stream of ${MESSAGES} messages of ${LENGTH} characters: ${(memory / 1024 / 1024).toFixed(2)} MB ` +
      `in Valkey (MEMORY USAGE), ${length} events kept (bounds: ${limits.streamMaxBytes} bytes, ${limits.streamMaxLength} events)`,
  );
  // The bound counts the entries' bytes; Valkey's own structure adds about a fifth.
  expect(memory).toBeLessThan(limits.streamMaxBytes * 1.5);
  expect(length).toBeLessThan(MESSAGES); // the byte bound, not the count, decided

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
