import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '@insightdesk/shared/logger';
import { closeValkey, createValkey, EPOCH_KEY } from '@insightdesk/shared/valkey';

// A restore is a PostgreSQL that went back in time, and Valkey must follow it: nothing in Valkey
// may claim more than PostgreSQL says happened — stream entries and ids past the restored outbox,
// jobs of changes that no longer exist, BullMQ's completed-job ids, caches of rows as they were
// later. Rather than pick through it, Valkey's data is dropped, before any service starts on the
// restored cluster: that is a Valkey that lost its data, which the platform already recovers
// from (docs/background-work.md, "When Valkey loses its data") — the first worker finds the
// epoch key gone, starts a new epoch and queues again the work PostgreSQL records (the outbox's
// relayed rows, pending webhook deliveries, the product's recoveries), each job idempotent
// against PostgreSQL; every organization's stream starts anew, and a client resuming from an id
// of before is told to resync.

const logger = createLogger({
  service: 'stack',
  instance: 'restore',
  level: 'silent',
  format: 'json',
});

/** FLUSHALL on every Valkey the services use (each primary of a cluster); answers how many. */
export async function forgetValkeyData(urls: readonly string[]): Promise<number> {
  let flushed = 0;
  for (const url of new Set(urls)) {
    const valkey = createValkey({ url, name: 'restore', kind: 'blocking', logger });
    try {
      // A cluster's keys live on its primaries: each is flushed.
      if ('nodes' in valkey)
        await Promise.all(valkey.nodes('master').map((node) => node.flushall()));
      else await valkey.flushall();
      flushed++;
    } finally {
      await closeValkey(valkey);
    }
  }
  return flushed;
}

/** The same for a Valkey that is not running: its persistence files removed (AOF, RDB). */
export function forgetValkeyFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  const files = readdirSync(dir).filter((f) => f === 'appendonlydir' || /\.(aof|rdb)$/.test(f));
  for (const file of files) rmSync(join(dir, file), { recursive: true, force: true });
  return files.length;
}

/** Waits until a worker has run the recovery of the new epoch (`done <epoch>`). */
export async function awaitValkeyRecovery(url: string, timeoutMs: number): Promise<boolean> {
  const valkey = createValkey({ url, name: 'restore', kind: 'command', logger });
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const epoch = (await valkey.get(EPOCH_KEY).catch(() => null)) as string | null;
      if (epoch?.startsWith('done ')) return true;
      await Bun.sleep(500);
    }
    return false;
  } finally {
    await closeValkey(valkey);
  }
}
