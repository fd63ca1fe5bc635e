import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from '@insightdesk/shared/valkey';
import type postgres from 'postgres';
import { io } from 'socket.io-client';

// Messages a release writes that another release reads, recorded from the release itself while it
// runs the soak's workload: the relay's and the user channel's messages, stream entries, BullMQ
// jobs, outbox rows, and what its ws instances say to a Socket.IO client. Written as data under
// tests/fixtures/wire-<version>/ (`./stack drill upgrade --record DIR`), where
// helpdesk/tests/compat/wire.test.ts decodes each with the current code.

/** The channels and keys of the releases recorded so far (unchanged since 1.0.0). */
const RELAY_CHANNEL = 'insightdesk:events:relay';
const USER_CHANNEL = 'insightdesk:user-events';
const streamKey = (orgId: string) => `insightdesk:events:{${orgId}}`;
/** Kept of each shape: enough to see its variants, few enough to read. */
const PER_SHAPE = 3;

function keeper<T>() {
  const kept = new Map<string, T[]>();
  return {
    add(shape: string, item: T) {
      const list = kept.get(shape) ?? [];
      if (list.length < PER_SHAPE) list.push(item);
      kept.set(shape, list);
    },
    all: () => [...kept.keys()].sort().flatMap((k) => kept.get(k) ?? []),
  };
}

const typeOf = (raw: string, pick: (v: Record<string, unknown>) => unknown) => {
  try {
    return String(pick(JSON.parse(raw)));
  } catch {
    return 'unparsed';
  }
};

export interface WireRecorder {
  /** Writes what was recorded into `dir` (one JSON file per kind) and stops listening. */
  finish(dir: string, meta: Record<string, unknown>): Promise<Record<string, number>>;
}

export function recordWire(options: {
  valkey: Redis;
  subscriber: Redis;
  sql: postgres.Sql;
  baseUrl: string;
  ca: string;
  orgId: string;
  token: string;
}): WireRecorder {
  const relay = keeper<string>();
  const user = keeper<string>();
  const socketEvents = keeper<{ event: string; payload: unknown }>();
  void options.subscriber.subscribe(RELAY_CHANNEL, USER_CHANNEL);
  options.subscriber.on('message', (channel: string, raw: string) => {
    if (channel === RELAY_CHANNEL)
      relay.add(
        typeOf(raw, (m) => (m.entry as { type: string }).type),
        raw,
      );
    else if (channel === USER_CHANNEL)
      user.add(
        typeOf(raw, (m) => m.type),
        raw,
      );
  });
  const socket = io(options.baseUrl, {
    path: '/socket.io/',
    forceNew: true,
    ca: options.ca,
    auth: { token: options.token },
  });
  socket.on('connect', () => {
    socket
      .timeout(5000)
      .emit('subscribe', { orgId: options.orgId }, (err: unknown, ack: unknown) => {
        if (!err) socketEvents.add('ack:subscribe', { event: 'ack:subscribe', payload: ack });
      });
  });
  socket.onAny((event: string, payload: unknown) => socketEvents.add(event, { event, payload }));

  return {
    async finish(dir, meta) {
      socket.disconnect();
      await options.subscriber.unsubscribe(RELAY_CHANNEL, USER_CHANNEL);
      const stream = keeper<{ id: string; fields: string[] }>();
      const entries = (await options.valkey.xrange(
        streamKey(options.orgId),
        '-',
        '+',
        'COUNT',
        500,
      )) as [string, string[]][];
      for (const [id, fields] of entries)
        stream.add(
          typeOf(fields[fields.indexOf('e') + 1] ?? '', (e) => e.type),
          { id, fields },
        );

      const jobs = keeper<{ queue: string; name: string; data: unknown }>();
      let cursor = '0';
      do {
        const [next, keys] = await options.valkey.scan(cursor, 'MATCH', '*:bull:*', 'COUNT', 1000);
        cursor = next;
        for (const key of keys) {
          // Job hashes only (`…:bull:<queue>:<id>`), not the queue's own keys.
          if (
            /:(wait|active|completed|failed|delayed|prioritized|paused|meta|events|id|stalled|stalled-check|limiter|marker|pc|repeat|de)$/.test(
              key,
            )
          )
            continue;
          if ((await options.valkey.type(key)) !== 'hash') continue;
          const [name, data] = await options.valkey.hmget(key, 'name', 'data');
          if (!name || data === null || data === undefined) continue;
          const queue = key.split(':bull:')[1]?.split(':')[0] ?? '';
          jobs.add(`${queue}/${name}`, { queue, name, data: JSON.parse(data) });
        }
      } while (cursor !== '0');

      const outbox = keeper<{ type: string; payload: unknown }>();
      const rows = await options.sql<{ type: string; payload: unknown }[]>`
        select type, payload from outbox order by id desc limit 5000`;
      for (const row of rows) outbox.add(row.type, { type: row.type, payload: row.payload });

      mkdirSync(dir, { recursive: true });
      const kinds = {
        relay: relay.all(),
        user: user.all(),
        stream: stream.all(),
        jobs: jobs.all(),
        outbox: outbox.all(),
        socket: socketEvents.all(),
      };
      writeFileSync(join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
      for (const [kind, items] of Object.entries(kinds))
        writeFileSync(join(dir, `${kind}.json`), `${JSON.stringify(items, null, 2)}\n`);
      // In the repository's format (biome), as they are committed.
      Bun.spawnSync([
        join(import.meta.dir, '../../../node_modules/.bin/biome'),
        'format',
        '--write',
        dir,
      ]);
      return Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, v.length]));
    },
  };
}
