import type { Verdict } from '../soak/checker';
import type { RequestRecord } from '../soak/history';

// The postgres drill's history checker: what the clients saw acknowledged against what the
// database holds at the end, and what every client request met during each event. Pure: the drill
// collects the history (index.ts), this judges it and writes the one summary line.

export type EventName = 'kill' | 'rejoin' | 'switchover';

export interface DrillEvent {
  readonly name: EventName;
  /** When it began and when the next began (or the workload stopped), ms since the epoch. */
  readonly start: number;
  readonly end: number;
  /** Until another node ran as primary (the kill, the switchover). */
  readonly promotedMs: number | null;
  /** Until the services acknowledged a write sent after the event began. */
  readonly answeredAgainMs: number | null;
  /** The rejoin: whether Patroni brought the node back with pg_rewind. */
  readonly rewound?: boolean;
}

/** A keyed write the drill's writers sent: each attempt, with what a 503 said to wait. */
export interface WriteAttempt {
  readonly at: number;
  readonly status: number;
  readonly retryAfter: string | null;
}

export interface PostgresDrillHistory {
  readonly events: readonly DrillEvent[];
  /** Every request of the workload and of the writers (status 0: no answer). */
  readonly requests: readonly RequestRecord[];
  readonly attempts: readonly WriteAttempt[];
  /** Writes the clients saw acknowledged (2xx), by their ids: tickets and messages. */
  readonly acknowledged: readonly string[];
  /** Of those, the ids the database holds at the end. */
  readonly committed: ReadonlySet<string>;
  /** Writes whose token the database holds more than once (a retried command run twice). */
  readonly duplicatedWrites: number;
  /** Retried commands answered from their Idempotency-Key's first answer. */
  readonly replayed: number;
  /** The soak's checker over the same run: deliveries, mails, jobs, 5xx outside the events. */
  readonly soak: Verdict;
  /** Each writer's ticket: the confirmation mails that reached its requester (Message-IDs). */
  readonly confirmations: readonly (readonly string[])[];
  /** Failed requests an event may cost at most (about one a client: what was in flight). */
  readonly failureBound: number;
  /** Workers LISTENing on the primary at the end, of the workers running. */
  readonly listening: { readonly workers: number; readonly listening: number };
  readonly auditChains: { readonly verified: number; readonly broken: number };
  /** Each api's replica router at the end, by state (all `ok`: it followed the new topology). */
  readonly replicaStates: readonly string[];
}

export interface EventFigures {
  readonly name: EventName;
  readonly failed: number;
  /** Failed requests by status ("0": no answer). */
  readonly statuses: Readonly<Record<string, number>>;
}

export interface PostgresDrillVerdict {
  readonly lost: number;
  readonly events: readonly EventFigures[];
  readonly failedOutside: number;
  readonly unavailableWithoutRetryAfter: number;
  readonly mailsTwice: number;
  readonly failures: readonly string[];
}

const failed = (r: { status: number }) => r.status === 0 || r.status >= 500;

export function checkPostgresDrill(h: PostgresDrillHistory): PostgresDrillVerdict {
  const lost = h.acknowledged.filter((id) => !h.committed.has(id)).length;
  // A request belongs to the last event it was in flight during: one sent just before a kill
  // and answered after it is the kill's; one sent before a switchover and failed by it, the
  // switchover's.
  const during = (r: RequestRecord, e: DrillEvent) => r.at < e.end && r.at + r.ms >= e.start;
  const events = h.events.map((e): EventFigures => {
    const inside = h.requests.filter(
      (r) => failed(r) && h.events.filter((other) => during(r, other)).at(-1) === e,
    );
    const statuses: Record<string, number> = {};
    for (const r of inside) statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + 1;
    return { name: e.name, failed: inside.length, statuses };
  });
  const failedOutside = h.requests.filter(
    (r) => failed(r) && !h.events.some((e) => during(r, e)),
  ).length;
  const unavailableWithoutRetryAfter = h.attempts.filter(
    (a) => a.status === 503 && a.retryAfter === null,
  ).length;
  const mailsTwice =
    h.soak.mails.duplicates + h.confirmations.filter((ids) => new Set(ids).size > 1).length;

  const failures: string[] = [];
  if (lost > 0) failures.push(`${lost} acknowledged writes lost`);
  if (h.duplicatedWrites > 0) failures.push(`${h.duplicatedWrites} writes committed twice`);
  for (const e of events)
    if (e.failed > h.failureBound)
      failures.push(`${e.name}: ${e.failed} failed requests, more than ${h.failureBound}`);
  if (failedOutside > 0) failures.push(`${failedOutside} failed requests outside the events`);
  if (unavailableWithoutRetryAfter > 0)
    failures.push(`${unavailableWithoutRetryAfter} 503 answers without Retry-After`);
  for (const e of h.events) {
    if (e.name !== 'rejoin' && e.answeredAgainMs === null)
      failures.push(`${e.name}: the services never acknowledged a write again`);
    if (e.name === 'rejoin' && e.rewound === false)
      failures.push('the old primary came back without pg_rewind');
  }
  if (h.soak.lost > 0) failures.push(`${h.soak.lost} deliveries lost`);
  if (h.soak.duplicated > 0) failures.push(`${h.soak.duplicated} deliveries duplicated`);
  if (h.soak.unrelayed > 0) failures.push(`${h.soak.unrelayed} outbox rows never relayed`);
  if (h.soak.mails.lost > 0) failures.push(`${h.soak.mails.lost} mails never sent`);
  const unconfirmed = h.confirmations.filter((ids) => ids.length === 0).length;
  if (unconfirmed > 0) failures.push(`${unconfirmed} ticket confirmations never sent`);
  if (mailsTwice > 0) failures.push(`${mailsTwice} mails sent twice`);
  if (h.soak.jobs.neverRun > 0) failures.push(`${h.soak.jobs.neverRun} jobs never ran`);
  if (h.listening.listening < h.listening.workers)
    failures.push(
      `${h.listening.workers - h.listening.listening} workers not LISTENing on the new primary`,
    );
  if (h.auditChains.broken > 0) failures.push(`${h.auditChains.broken} audit chains broken`);
  const stale = h.replicaStates.filter((state) => state !== 'ok');
  if (stale.length > 0) failures.push(`replica routers not back on a replica: ${stale.join(', ')}`);
  return { lost, events, failedOutside, unavailableWithoutRetryAfter, mailsTwice, failures };
}

const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
const statusList = (s: Readonly<Record<string, number>>) =>
  Object.entries(s)
    .map(([status, n]) => `${status === '0' ? 'no answer' : status}×${n}`)
    .join(', ') || 'none';

/** The one line the drill ends with. */
export function drillSummary(h: PostgresDrillHistory, v: PostgresDrillVerdict): string {
  const event = (name: EventName) => h.events.find((e) => e.name === name);
  const figures = (name: EventName) => v.events.find((e) => e.name === name);
  const kill = event('kill');
  const rejoin = event('rejoin');
  const switchover = event('switchover');
  return [
    `postgres drill ${v.failures.length === 0 ? 'PASSED' : 'FAILED'}:`,
    `lost ${v.lost} of ${h.acknowledged.length} acknowledged writes, duplicated ${h.duplicatedWrites} (${h.replayed} retried commands replayed);`,
    `kill: promoted in ${seconds(kill?.promotedMs ?? null)}, services answered again in ${seconds(kill?.answeredAgainMs ?? null)}, failed ${figures('kill')?.failed ?? 0} (${statusList(figures('kill')?.statuses ?? {})});`,
    `rejoin${rejoin?.rewound ? ' (pg_rewind)' : ''}: failed ${figures('rejoin')?.failed ?? 0} (${statusList(figures('rejoin')?.statuses ?? {})});`,
    `switchover: promoted in ${seconds(switchover?.promotedMs ?? null)}, answered again in ${seconds(switchover?.answeredAgainMs ?? null)}, failed ${figures('switchover')?.failed ?? 0} (${statusList(figures('switchover')?.statuses ?? {})});`,
    `failed outside ${v.failedOutside}, 503 without Retry-After ${v.unavailableWithoutRetryAfter};`,
    `history: ${h.requests.length} requests, deliveries ${h.soak.expected - h.soak.lost}/${h.soak.expected} (lost ${h.soak.lost}, duplicated ${h.soak.duplicated}), mails twice ${v.mailsTwice}, jobs never run ${h.soak.jobs.neverRun}/${h.soak.jobs.total},`,
    `LISTEN ${h.listening.listening}/${h.listening.workers} workers, audit chains ${h.auditChains.verified} verified,`,
    `replica routers ${h.replicaStates.filter((s) => s === 'ok').length}/${h.replicaStates.length} ok`,
    ...(v.failures.length > 0 ? [`— ${v.failures.join('; ')}`] : []),
  ].join(' ');
}
