import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineEvent, type OrganizationStreamEvent } from '../events/define';
import { compareEventIds } from './ids';
import {
  ENTRY_FIELDS,
  encodeStreamEntry,
  encodeUserMessage,
  RELAY_CHANNEL,
  wireDecoder,
} from './wire';

const note = defineEvent({
  data: z.object({ body: z.string(), authorId: z.string(), internal: z.boolean() }),
  delivery: 'organization stream',
  about: 'the whole organization; the author unless internal',
  audience: (d) => (d.internal ? {} : { members: [d.authorId] }),
  clientData: (d, config: ProductConfig) => ({ ...d, body: d.body.slice(0, config.bodyMaxChars) }),
}) as OrganizationStreamEvent;
const decoder = wireDecoder({ stream: ['note.added'], user: ['ping.sent'] });
/** What the declaring product's configuration holds (its own type). */
type ProductConfig = { bodyMaxChars: number };
const limits: ProductConfig = { bodyMaxChars: 5 };

describe('the wire format', () => {
  test('a stream entry keeps the data as clients get it (bounded) and its audience', () => {
    const data = { body: 'a long body', authorId: 'u1', internal: false };
    const entry = encodeStreamEntry(note, 'note.added', '2026-01-01T00:00:00.000Z', data, limits);
    const event = decoder.streamEntry('org', '5-0', [
      ENTRY_FIELDS.outboxId,
      '7',
      ENTRY_FIELDS.entry,
      entry,
    ]);
    expect(event).toEqual({
      envelope: {
        id: '5-0',
        orgId: 'org',
        type: 'note.added',
        at: '2026-01-01T00:00:00.000Z',
        data: { body: 'a lon', authorId: 'u1', internal: false },
      },
      audience: { members: ['u1'] },
      outboxId: '7',
    });
  });

  test('the relay message as append.lua writes it, with its traceparent', () => {
    const entry = encodeStreamEntry(
      note,
      'note.added',
      'at',
      { body: 'x', authorId: 'u', internal: true },
      limits,
    );
    // append.lua concatenates the message; the same bytes here.
    const raw = `{"id":"9-1","o":"row-1","orgId":"o","tp":"00-abc","entry":${entry}}`;
    expect(decoder.relayMessage(raw)).toMatchObject({
      envelope: { id: '9-1', orgId: 'o', type: 'note.added' },
      audience: { members: [] },
      traceParent: '00-abc',
      outboxId: 'row-1',
    });
  });

  test('what is not ours is dropped: another type, garbage, a bad id', () => {
    const entry = (type: string) =>
      JSON.stringify({ type, at: 'a', data: {}, audience: { staffOnly: true } });
    expect(
      decoder.relayMessage(`{"id":"1-0","orgId":"o","entry":${entry('unknown.type')}}`),
    ).toBeNull();
    expect(decoder.relayMessage('{not json')).toBeNull();
    expect(
      decoder.relayMessage(`{"id":"x","orgId":"o","entry":${entry('note.added')}}`),
    ).toBeNull();
    expect(decoder.streamEntry('o', '1-0', ['e', 'nope'])).toBeNull();
  });

  test("a user's channel carries the event's type and message, for its declared types only", () => {
    const raw = encodeUserMessage({ userId: 'u', type: 'ping.sent', message: { n: 1 } });
    expect(decoder.userMessage(raw)).toEqual({ userId: 'u', type: 'ping.sent', message: { n: 1 } });
    expect(
      decoder.userMessage(encodeUserMessage({ userId: 'u', type: 'other', message: 1 })),
    ).toBeNull();
  });

  test('append.lua writes the fields and the channel this module reads', () => {
    const lua = readFileSync(new URL('./append.lua', import.meta.url), 'utf8');
    expect(lua).toContain(`'${ENTRY_FIELDS.outboxId}', ARGV[1], '${ENTRY_FIELDS.entry}', entry`);
    expect(lua).toContain(
      `'{"id":"' .. id .. '","o":"' .. ARGV[1] .. '","orgId":"' .. orgId .. '","tp":"' .. tp
    .. '","entry":' .. entry .. '}'`,
    );
    expect(RELAY_CHANNEL).toBe('insightdesk:events:relay');
  });

  test('event ids order by time, then sequence', () => {
    expect(compareEventIds('2-0', '10-0')).toBeLessThan(0);
    expect(compareEventIds('5-10', '5-9')).toBeGreaterThan(0);
    expect(compareEventIds('7-3', '7-3')).toBe(0);
  });

  test("an audience in both spellings: this release's members, and 1.0.0's for its readers", () => {
    const entry = (data: { internal: boolean }) =>
      JSON.parse(
        encodeStreamEntry(note, 'note.added', 'at', { ...data, body: 'b', authorId: 'u1' }, limits),
      ).audience;
    // 1.0.0's ws instances read staffOnly and requesterId (zod drops the rest).
    expect(entry({ internal: false })).toEqual({
      members: ['u1'],
      staffOnly: false,
      requesterId: 'u1',
    });
    expect(entry({ internal: true })).toEqual({ members: [], staffOnly: true });
    // An entry 1.0.0 wrote reads as the same audience.
    const old = (audience: object) =>
      decoder.streamEntry('org', '1-0', [
        ENTRY_FIELDS.entry,
        JSON.stringify({ type: 'note.added', at: 'at', data: {}, audience }),
      ])?.audience;
    expect(old({ staffOnly: false, requesterId: 'u1' })).toEqual({ members: ['u1'] });
    expect(old({ staffOnly: true })).toEqual({ members: [] });
    expect(old({ staffOnly: true, requesterId: 'u1' })).toEqual({ members: [] });
    // However many members it names, the entry is read (a refused entry would reach nobody).
    const many = Array.from({ length: 5000 }, (_, i) => `u${i}`);
    expect(old({ members: many })).toEqual({ members: many });
    // Neither spelling, or a malformed one: not an entry of ours.
    expect(old({})).toBeUndefined();
    expect(old({ members: 'u1' })).toBeUndefined();
  });
});
