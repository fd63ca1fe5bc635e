import { describe, expect, test } from 'bun:test';
import { check } from '../soak/checker';
import type { RequestRecord } from '../soak/history';
import { checkPostgresDrill, drillSummary, type PostgresDrillHistory } from './checker';

// The postgres drill's checker against synthetic histories: what a platform that lost a commit
// in a failover, answered 500 instead of a retryable 503, ran a retried command twice, sent a
// mail twice or failed requests outside the events would leave behind must fail the drill.

const KILL = 10_000;
const REJOIN = 30_000;
const SWITCHOVER = 40_000;
const END = 60_000;

const request = (at: number, status: number): RequestRecord => ({
  route: 'POST tickets (keyed)',
  at,
  ms: 5,
  status,
});

/** The soak's verdict over a quiet run: nothing lost, duplicated or left. */
const quietSoak = check({
  seed: 0,
  minutes: 1,
  graceMs: 0,
  faults: [],
  requests: [],
  changes: [],
  outbox: { committed: 0, unrelayed: 0 },
  clients: [],
  mails: [{ address: 'a@example.test', messageIds: ['<m1@x>'] }],
  jobs: [],
  samples: { start: [], end: [] },
});

function history(overrides: Partial<PostgresDrillHistory> = {}): PostgresDrillHistory {
  return {
    events: [
      { name: 'kill', start: KILL, end: REJOIN, promotedMs: 10_200, answeredAgainMs: 11_000 },
      {
        name: 'rejoin',
        start: REJOIN,
        end: SWITCHOVER,
        promotedMs: null,
        answeredAgainMs: null,
        rewound: true,
      },
      {
        name: 'switchover',
        start: SWITCHOVER,
        end: END,
        promotedMs: 2100,
        answeredAgainMs: 3000,
      },
    ],
    requests: [
      request(5000, 201),
      request(KILL + 10, 503),
      request(KILL + 20, 503),
      request(KILL + 11_000, 201),
      request(SWITCHOVER + 1500, 503),
      request(SWITCHOVER + 3000, 201),
    ],
    attempts: [
      { at: KILL + 10, status: 503, retryAfter: '1' },
      { at: KILL + 20, status: 503, retryAfter: '1' },
      { at: SWITCHOVER + 1500, status: 503, retryAfter: '1' },
    ],
    acknowledged: ['t1', 't2', 't3'],
    committed: new Set(['t1', 't2', 't3']),
    duplicatedWrites: 0,
    replayed: 0,
    soak: quietSoak,
    confirmations: [['<c1@x>'], ['<c2@x>']],
    failureBound: 4,
    listening: { workers: 2, listening: 2 },
    auditChains: { verified: 2, broken: 0 },
    replicaStates: ['ok', 'ok'],
    ...overrides,
  };
}

describe('the postgres drill checker', () => {
  test('a clean history passes; its line has lost 0, the promotion, the recovery and the failed requests by status', () => {
    const h = history();
    const v = checkPostgresDrill(h);
    expect(v.failures).toEqual([]);
    expect(v.events.map((e) => [e.name, e.failed, e.statuses])).toEqual([
      ['kill', 2, { '503': 2 }],
      ['rejoin', 0, {}],
      ['switchover', 1, { '503': 1 }],
    ]);
    const line = drillSummary(h, v);
    expect(line).toStartWith('postgres drill PASSED: lost 0 of 3 acknowledged writes');
    expect(line).toContain(
      'kill: promoted in 10.2 s, services answered again in 11.0 s, failed 2 (503×2)',
    );
    expect(line).toContain('rejoin (pg_rewind): failed 0 (none)');
    expect(line).toContain('switchover: promoted in 2.1 s, answered again in 3.0 s, failed 1');
  });

  test('an acknowledged write missing at the end is lost, and fails the drill', () => {
    const h = history({ committed: new Set(['t1', 't3']) });
    const v = checkPostgresDrill(h);
    expect(v.lost).toBe(1);
    expect(v.failures).toContain('1 acknowledged writes lost');
    expect(drillSummary(h, v)).toStartWith('postgres drill FAILED: lost 1 of 3');
  });

  test('a retried command committed twice, or a 503 without Retry-After, fails', () => {
    const v = checkPostgresDrill(
      history({
        duplicatedWrites: 1,
        attempts: [{ at: KILL + 10, status: 503, retryAfter: null }],
      }),
    );
    expect(v.failures).toEqual(['1 writes committed twice', '1 503 answers without Retry-After']);
  });

  test('failed requests are counted per event by status (one in flight when it began is its); over the bound, or outside the events, they fail', () => {
    const h = history({
      requests: [
        request(2000, 500),
        { route: 'GET tickets', at: KILL - 3, ms: 20, status: 0 },
        // Sent during the rejoin, failed by the switchover: the switchover's.
        { route: 'PATCH ticket', at: SWITCHOVER - 500, ms: 1000, status: 503 },
        ...[1, 2, 3, 4].map((i) => request(KILL + i, i % 2 ? 503 : 0)),
      ],
    });
    const v = checkPostgresDrill(h);
    expect(v.events[0]?.statuses).toEqual({ '0': 3, '503': 2 });
    expect(v.events.map((e) => e.failed)).toEqual([5, 0, 1]);
    expect(v.failedOutside).toBe(1);
    expect(v.failures).toEqual([
      'kill: 5 failed requests, more than 4',
      '1 failed requests outside the events',
    ]);
    expect(drillSummary(h, v)).toContain('failed 5 (no answer×3, 503×2)');
  });

  test('a confirmation mailed twice, one never mailed, a rejoin without pg_rewind, a worker not listening, a router left on the primary: each fails', () => {
    const h = history({
      confirmations: [['<c1@x>', '<c1b@x>'], []],
      listening: { workers: 2, listening: 1 },
      replicaStates: ['ok', 'primary'],
    });
    const rejoin = h.events[1];
    const v = checkPostgresDrill({
      ...h,
      events: [h.events[0], { ...rejoin, rewound: false }, h.events[2]] as typeof h.events,
    });
    expect(v.failures).toEqual([
      'the old primary came back without pg_rewind',
      '1 ticket confirmations never sent',
      '1 mails sent twice',
      '1 workers not LISTENing on the new primary',
      'replica routers not back on a replica: primary',
    ]);
  });
});
