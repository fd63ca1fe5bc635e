import type postgres from 'postgres';
import { readMaildir } from '../maildir';
import { say } from '../output';
import { paths } from '../paths';
import type { Change, History, MailRecord } from './history';
import type { SoakClient } from './sockets';
import { type Intentions, jobOutcomes, keyOf, type RecordingApi, TRACKED } from './workload';

// After a workload stopped (the soak's, a drill's): waiting until what it asked for has settled —
// the outbox relayed, the clients subscribed again and their deliveries arrived, the jobs run, the
// mail sent — then what the database committed and the clients received, for the checker.

export async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await Bun.sleep(500);
  }
  say(`soak: gave up waiting for ${what} after ${timeoutMs / 1000} s`);
  return false;
}

/**
 * Waits for `remaining()` to reach 0 for as long as it keeps falling: a backlog on a loaded
 * machine drains slowly, and the checker must judge what the stack did, not how long it took.
 * Gives up when nothing moved for `stallMs`, or after `capMs` in all.
 */
export async function untilDrained(
  what: string,
  remaining: () => Promise<number>,
  stallMs: number,
  capMs: number,
) {
  const cap = Date.now() + capMs;
  let best = Number.POSITIVE_INFINITY;
  let movedAt = Date.now();
  while (Date.now() < cap) {
    const n = await remaining();
    if (n === 0) return true;
    if (n < best) {
      if (best !== Number.POSITIVE_INFINITY && Date.now() - movedAt > 30_000)
        say(`soak: ${what}: ${n} left`);
      best = n;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > stallMs) break;
    await Bun.sleep(500);
  }
  say(`soak: gave up waiting for ${what} (${best} left)`);
  return false;
}

/** Each invited address, with the Message-ID of every invitation mail that reached it. */
export function invitationMails(invited: readonly string[]): MailRecord[] {
  const byAddress = new Map<string, string[]>(invited.map((a) => [a, []]));
  for (const mail of readMaildir(paths.mail)) {
    const to = mail.headers.to?.toLowerCase() ?? '';
    for (const [address, ids] of byAddress)
      if (to.includes(address) && mail.headers['x-insightdesk-template'] === 'invitation')
        ids.push(mail.headers['message-id'] ?? '');
  }
  return [...byAddress].map(([address, messageIds]) => ({ address, messageIds }));
}

/**
 * Waits until the run's work settled, then reads what was committed (`sql`: the run's database)
 * and what the clients and the mailbox hold. `since`: the run's start; `graceMs`: how long the
 * relay may have had a row before it counts as never relayed.
 */
export async function settleAndCollect(options: {
  readonly sql: postgres.Sql;
  readonly clients: readonly SoakClient[];
  readonly intentions: Intentions;
  /** The API for the checks (its requests are not the workload's). */
  readonly call: RecordingApi;
  readonly runId: string;
  readonly since: Date;
  readonly graceMs: number;
}): Promise<Pick<History, 'changes' | 'outbox' | 'clients' | 'mails' | 'jobs'>> {
  const { sql, clients, intentions, call, runId, since, graceMs } = options;
  /** A row the relay has not relayed though it has had `ms` at it. */
  const unrelayedFor = (ms: number) =>
    sql`relayed_at is null and created_at < now() - ${`${ms} milliseconds`}::interval`;
  const unrelayed = (ms: number) => async () =>
    (await sql<{ n: number }[]>`select count(*)::int as n from outbox where ${unrelayedFor(ms)}`)[0]
      ?.n ?? 0;
  await untilDrained('the outbox to drain', unrelayed(0), 120_000, 20 * 60_000);
  await until('every client to subscribe again', () => clients.every((c) => c.settled), 60_000);
  // What was relayed last still travels to the sockets: wait until deliveries stop arriving.
  const delivered = () => clients.reduce((n, c) => n + c.record.deliveries.length, 0);
  let last = -1;
  await until(
    'the deliveries to settle',
    async () => {
      const now = delivered();
      const still = now === last;
      last = now;
      if (!still) await Bun.sleep(4500);
      return still;
    },
    120_000,
  );
  const jobsDone = new Set<string>();
  await untilDrained(
    'the jobs',
    async () => (await jobOutcomes(call, intentions, jobsDone)).filter((j) => !j.done).length,
    120_000,
    20 * 60_000,
  );
  await until(
    'the mail',
    () => invitationMails(intentions.invited).every((m) => m.messageIds.length > 0),
    120_000,
  );
  // Late copies (a send retried after a lease) would come now.
  await Bun.sleep(5000);
  // The jobs waited for above record events of their own (service-level timers, exports) after
  // the outbox first drained, and the service levels' timers go on firing after the workload:
  // a row counts as never relayed once the relay has had `graceMs` at it, not while it is being
  // written (a run on 2026-11-27 counted 4 rows unrelayed after the outbox had drained; one on
  // 2026-11-28 one `sla.due-changed` written in the last moment before the count).
  await untilDrained('the outbox to drain again', unrelayed(graceMs), 120_000, 20 * 60_000);

  const rows = await sql<
    { type: string; org_id: string; payload: string; relayed_ms: number | null }[]
  >`
    select type, org_id, payload::text as payload,
           (extract(epoch from relayed_at) * 1000)::float8 as relayed_ms
      from outbox
     where created_at >= ${since} and type = any(${Object.keys(TRACKED)})`;
  const changes: Change[] = rows.flatMap((r) => {
    const key = keyOf(runId, r.type, JSON.parse(r.payload));
    return key ? [{ key, orgId: r.org_id, relayedAt: r.relayed_ms }] : [];
  });
  const [counts] = await sql<{ committed: number; unrelayed: number }[]>`
    select count(*)::int as committed,
           count(*) filter (where ${unrelayedFor(graceMs)})::int as unrelayed
      from outbox where created_at >= ${since}`;
  return {
    changes,
    outbox: { committed: counts?.committed ?? 0, unrelayed: counts?.unrelayed ?? 0 },
    clients: clients.map((c) => c.record),
    mails: invitationMails(intentions.invited),
    jobs: await jobOutcomes(call, intentions, jobsDone),
  };
}
