import { compareEventIds } from '@insightdesk/shared/realtime/ids';
import { FAULT_KINDS, type FaultKind, type History, type RequestRecord } from './history';

/**
 * The history checker: what the clients saw against what PostgreSQL committed, per guarantee
 * (docs/background-work.md, "The soak"). Pure: the soak collects the history, this judges it.
 *
 * - every change a staff client's organization committed after its first subscription reaches
 *   it once, in order — or a `resync` told it, after the change was relayed, to refetch
 *   (resync-covered, allowed and counted); a change no client could be told about (still in
 *   the outbox at the end) is lost too;
 * - nothing is delivered that was not committed (phantom);
 * - each intended mail arrives once; copies under one Message-ID are the documented window
 *   between the SMTP server's 250 and the mark (counted apart, allowed); copies under several
 *   Message-IDs are unexplained duplicates;
 * - every job the workload asked for ran (exports ready);
 * - no request answers 5xx (or goes unanswered) outside a fault's window.
 */
export interface Verdict {
  readonly changes: number;
  readonly committed: number;
  readonly unrelayed: number;
  readonly deliveries: number;
  readonly expected: number;
  readonly lost: number;
  readonly duplicated: number;
  /** A second copy after a resync told the client to refetch (a new stream epoch): allowed. */
  readonly duplicatedAfterResync: number;
  readonly outOfOrder: number;
  readonly resyncCovered: number;
  readonly phantom: number;
  readonly clients: number;
  readonly reconnects: number;
  readonly mails: {
    readonly intended: number;
    readonly once: number;
    readonly lost: number;
    readonly windowDuplicates: number;
    readonly duplicates: number;
  };
  readonly jobs: { readonly total: number; readonly neverRun: number };
  readonly faults: Readonly<Record<FaultKind, number>>;
  readonly errors: { readonly inside: number; readonly outside: number };
  readonly firstOutside: readonly RequestRecord[];
  readonly latency: { readonly outside: Percentiles; readonly inside: Percentiles };
  readonly processes: readonly ProcessRow[];
  /** Why the run fails; empty when it passes. */
  readonly failures: readonly string[];
}

export interface Percentiles {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
}

export interface ProcessRow {
  readonly name: string;
  readonly restarted: boolean;
  readonly rssKb: readonly [number, number];
  readonly fds: readonly [number, number];
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99) };
}

export function check(history: History): Verdict {
  const windows = history.faults.map((f) => [f.start, f.end + history.graceMs] as const);
  const inFault = (r: RequestRecord) => windows.some(([a, b]) => r.at <= b && r.at + r.ms >= a);

  const byKey = new Map(history.changes.map((c) => [c.key, c]));
  const changesOf = new Map<string, typeof history.changes>();
  for (const c of history.changes) changesOf.set(c.orgId, [...(changesOf.get(c.orgId) ?? []), c]);

  let deliveries = 0;
  let expected = 0;
  let lost = 0;
  let duplicated = 0;
  let duplicatedAfterResync = 0;
  let outOfOrder = 0;
  let resyncCovered = 0;
  let phantom = 0;
  let reconnects = 0;
  for (const client of history.clients) {
    reconnects += Math.max(0, client.connects - 1);
    deliveries += client.deliveries.length;
    const firstAt = new Map<string, number>();
    let newest: string | null = null;
    for (const d of client.deliveries) {
      const change = byKey.get(d.key);
      if (!change || change.orgId !== client.orgId) phantom += 1;
      const first = firstAt.get(d.key);
      if (first !== undefined) {
        if (client.resyncs.some((r) => r > first && r <= d.at)) duplicatedAfterResync += 1;
        else duplicated += 1;
        continue;
      }
      firstAt.set(d.key, d.at);
      if (newest !== null && compareEventIds(d.eventId, newest) <= 0) outOfOrder += 1;
      else newest = d.eventId;
    }
    if (!client.staff || client.firstSubscribedAt === null) continue;
    const since = client.firstSubscribedAt;
    for (const change of changesOf.get(client.orgId) ?? []) {
      if (change.relayedAt === null || change.relayedAt <= since) continue;
      expected += 1;
      if (firstAt.has(change.key)) continue;
      const relayedAt = change.relayedAt;
      if (client.resyncs.some((r) => r >= relayedAt)) resyncCovered += 1;
      else lost += 1;
    }
  }
  const unrelayedChanges = history.changes.filter((c) => c.relayedAt === null).length;

  const mails = {
    intended: history.mails.length,
    once: 0,
    lost: 0,
    windowDuplicates: 0,
    duplicates: 0,
  };
  for (const mail of history.mails) {
    const ids = new Set(mail.messageIds);
    if (mail.messageIds.length === 0) mails.lost += 1;
    else if (mail.messageIds.length === 1) mails.once += 1;
    else if (ids.size === 1) mails.windowDuplicates += 1;
    else mails.duplicates += 1;
  }
  const neverRun = history.jobs.filter((j) => !j.done).length;

  const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  for (const f of history.faults) faults[f.kind] += 1;

  const failed = (r: RequestRecord) => r.status === 0 || r.status >= 500;
  const outsideErrors = history.requests.filter((r) => failed(r) && !inFault(r));
  const insideErrors = history.requests.filter((r) => failed(r) && inFault(r)).length;
  const answered = history.requests.filter((r) => r.status !== 0);

  const startOf = new Map(history.samples.start.map((s) => [s.name, s]));
  const processes = history.samples.end.flatMap((end) => {
    const start = startOf.get(end.name);
    if (!start) return [];
    return [
      {
        name: end.name,
        restarted: start.pid !== end.pid,
        rssKb: [start.rssKb, end.rssKb] as const,
        fds: [start.fds, end.fds] as const,
      },
    ];
  });

  const failures: string[] = [];
  if (lost > 0) failures.push(`${lost} deliveries lost`);
  if (unrelayedChanges > 0 || history.outbox.unrelayed > 0)
    failures.push(`${history.outbox.unrelayed} outbox rows never relayed`);
  if (duplicated > 0) failures.push(`${duplicated} deliveries duplicated`);
  if (outOfOrder > 0) failures.push(`${outOfOrder} deliveries out of order`);
  if (phantom > 0) failures.push(`${phantom} deliveries of nothing committed`);
  if (mails.lost > 0) failures.push(`${mails.lost} mails never sent`);
  if (mails.duplicates > 0)
    failures.push(`${mails.duplicates} mails sent twice (different Message-IDs)`);
  if (neverRun > 0) failures.push(`${neverRun} jobs never ran`);
  if (outsideErrors.length > 0) failures.push(`${outsideErrors.length} 5xx outside fault windows`);
  const silent = history.clients.filter((c) => c.staff && c.firstSubscribedAt === null).length;
  if (silent > 0) failures.push(`${silent} clients never subscribed`);

  return {
    changes: history.changes.length,
    committed: history.outbox.committed,
    unrelayed: history.outbox.unrelayed,
    deliveries,
    expected,
    lost,
    duplicated,
    duplicatedAfterResync,
    outOfOrder,
    resyncCovered,
    phantom,
    clients: history.clients.length,
    reconnects,
    mails,
    jobs: { total: history.jobs.length, neverRun },
    faults,
    errors: { inside: insideErrors, outside: outsideErrors.length },
    firstOutside: outsideErrors.slice(0, 5),
    latency: {
      outside: percentiles(answered.filter((r) => !inFault(r)).map((r) => r.ms)),
      inside: percentiles(answered.filter(inFault).map((r) => r.ms)),
    },
    processes,
    failures,
  };
}

/** The one line a run ends with. */
export function summaryLine(history: History, v: Verdict): string {
  const faults = Object.values(v.faults).reduce((a, b) => a + b, 0);
  return [
    `soak ${v.failures.length === 0 ? 'PASSED' : 'FAILED'} (seed ${history.seed}, ${history.minutes} min):`,
    `changes ${v.changes}, delivered ${v.expected - v.lost - v.resyncCovered}/${v.expected} expected,`,
    `lost ${v.lost}, duplicated ${v.duplicated}, out of order ${v.outOfOrder}, resync-covered ${v.resyncCovered},`,
    `mails ${v.mails.once}/${v.mails.intended} once (window duplicates ${v.mails.windowDuplicates}, duplicates ${v.mails.duplicates}),`,
    `jobs never run ${v.jobs.neverRun}/${v.jobs.total}, faults ${faults},`,
    `5xx outside ${v.errors.outside} (inside ${v.errors.inside})`,
    ...(v.failures.length > 0 ? [`— ${v.failures.join('; ')}`] : []),
  ].join(' ');
}

/** The table printed before the summary line. */
export function reportTable(history: History, v: Verdict): string[][] {
  const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
  const rows: string[][] = [
    ['GUARANTEE', 'COUNT', 'DETAIL'],
    [
      'changes committed',
      String(v.changes),
      `tracked; ${v.committed} outbox rows in all, ${v.unrelayed} not relayed`,
    ],
    ['deliveries', String(v.deliveries), `${v.clients} clients, ${v.reconnects} reconnects`],
    ['  expected (staff, after subscribing)', String(v.expected), ''],
    ['  lost', String(v.lost), ''],
    [
      '  duplicated',
      String(v.duplicated),
      `${v.duplicatedAfterResync} more after a resync (allowed)`,
    ],
    ['  out of order', String(v.outOfOrder), ''],
    ['  resync-covered', String(v.resyncCovered), 'missed, and the client was told to refetch'],
    ['  phantom', String(v.phantom), 'delivered, never committed'],
    ['mails intended', String(v.mails.intended), `${v.mails.once} once, ${v.mails.lost} never`],
    ['  same Message-ID twice', String(v.mails.windowDuplicates), 'the 250→mark window (allowed)'],
    ['  different Message-IDs', String(v.mails.duplicates), ''],
    ['jobs', String(v.jobs.total), `${v.jobs.neverRun} never ran`],
    [
      '5xx / no answer',
      `${v.errors.outside} outside`,
      `${v.errors.inside} inside fault windows (+${history.graceMs / 1000} s)`,
    ],
    [
      'latency outside faults',
      `p50 ${v.latency.outside.p50} ms`,
      `p99 ${v.latency.outside.p99} ms (${v.latency.outside.n} requests)`,
    ],
    [
      'latency during faults',
      `p50 ${v.latency.inside.p50} ms`,
      `p99 ${v.latency.inside.p99} ms (${v.latency.inside.n} requests)`,
    ],
    ...Object.entries(v.faults).map(([kind, n]) => [`fault ${kind}`, String(n), '']),
    ...v.processes.map((p) => [
      `process ${p.name}`,
      `${mb(p.rssKb[0])} → ${mb(p.rssKb[1])}`,
      `fds ${p.fds[0]} → ${p.fds[1]}${p.restarted ? ' (restarted)' : ''}`,
    ]),
  ];
  return rows;
}
