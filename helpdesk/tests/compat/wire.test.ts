import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventCatalog } from '@insightdesk/shared/events';
import { typesDelivered } from '@insightdesk/shared/events';
import type { QueueDeclaration } from '@insightdesk/shared/queues';
import { isEventId, wireDecoder } from '@insightdesk/shared/realtime';
import { deployment } from '../../../tests/support/deployment';

// During a rolling upgrade the release before and this one read each other's messages. What the
// release before wrote — recorded from it, running the soak's workload (`./stack drill upgrade
// --record`, tests/fixtures/wire-<version>/) — must decode with this release's code: every job
// (each name's payload schema), outbox row (its event's schema: the relay parks a row it
// refuses), relay and user-channel message and stream entry (the ws service's decoder), and what
// its ws instances send a client (known event types, data its event declares, the subscribe ack).

const FIXTURES = join(import.meta.dir, '../../../tests/fixtures');
const releases = readdirSync(FIXTURES).filter((d) => d.startsWith('wire-'));
const events = deployment.events as EventCatalog;
const queues = deployment.queues as unknown as Record<string, QueueDeclaration>;
const decoder = wireDecoder({
  stream: typesDelivered(events, 'organization stream'),
  user: typesDelivered(events, 'user channel'),
});

const fixture = <T>(release: string, kind: string): T[] =>
  JSON.parse(readFileSync(join(FIXTURES, release, `${kind}.json`), 'utf8')) as T[];

describe.each(releases)('messages of %s, read by this release', (release) => {
  test('it was recorded from that release, every kind present', () => {
    const meta = JSON.parse(readFileSync(join(FIXTURES, release, 'meta.json'), 'utf8'));
    expect(`wire-${meta.release}`).toBe(release);
    expect(meta.commit).toMatch(/^[0-9a-f]{40}$/);
    for (const kind of ['jobs', 'outbox', 'relay', 'user', 'stream', 'socket'])
      expect(fixture(release, kind).length).toBeGreaterThan(0);
  });

  test('every job: a name its queue still declares, a payload its schema accepts', () => {
    const refused = fixture<{ queue: string; name: string; data: unknown }>(release, 'jobs').filter(
      (job) => {
        const schema = queues[job.queue]?.jobs[job.name];
        return !schema?.safeParse(job.data).success;
      },
    );
    expect(refused).toEqual([]);
  });

  test('every outbox row: a declared type whose schema accepts the payload (none parked)', () => {
    const refused = fixture<{ type: string; payload: unknown }>(release, 'outbox').filter(
      (row) => !events[row.type]?.data.safeParse(row.payload).success,
    );
    expect(refused).toEqual([]);
  });

  test('every relay message, user-channel message and stream entry decodes for the ws service', () => {
    const relay = fixture<string>(release, 'relay');
    expect(relay.filter((raw) => decoder.relayMessage(raw) === null)).toEqual([]);
    const user = fixture<string>(release, 'user');
    expect(user.filter((raw) => decoder.userMessage(raw) === null)).toEqual([]);
    const stream = fixture<{ id: string; fields: string[] }>(release, 'stream');
    const orgId = '00000000-0000-4000-8000-000000000000';
    expect(stream.filter((e) => decoder.streamEntry(orgId, e.id, e.fields) === null)).toEqual([]);
    // Decoded as they were meant: the relayed envelope keeps its id, type and data.
    const first = relay[0] as string;
    const parsed = JSON.parse(first) as { id: string; entry: { type: string } };
    expect(decoder.relayMessage(first)?.envelope).toMatchObject({
      id: parsed.id,
      type: parsed.entry.type,
    });
  });

  test("what its ws instances sent a client: this release's types and shapes", () => {
    const user = new Set(typesDelivered(events, 'user channel'));
    const stream = new Set(typesDelivered(events, 'organization stream'));
    const problems = fixture<{ event: string; payload: Record<string, unknown> }>(
      release,
      'socket',
    ).flatMap(({ event, payload }) => {
      if (event === 'ack:subscribe')
        return payload.ok === true && isEventId(String(payload.lastEventId)) ? [] : [event];
      if (user.has(event)) return typeof payload === 'object' && payload ? [] : [event];
      if (!stream.has(event)) return [`${event}: not a type of this release`];
      const { id, orgId, type, at, data } = payload;
      const envelope =
        typeof id === 'string' && isEventId(id) && typeof orgId === 'string' && type === event;
      const dated = typeof at === 'string' && !Number.isNaN(Date.parse(at));
      return envelope && dated && events[event]?.data.safeParse(data).success
        ? []
        : [`${event}: ${JSON.stringify(payload).slice(0, 120)}`];
    });
    expect(problems).toEqual([]);
  });
});
