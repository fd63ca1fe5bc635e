import { describe, expect, test } from 'bun:test';
import { check, summaryLine } from './checker';
import type { ClientRecord, History } from './history';

// The checker against synthetic histories: what a broken build would leave behind (a relay that
// marks events relayed before publishing them loses them; an ack before the effect never runs
// the job; a replay that overlaps live events duplicates) must fail the run.

const ORG = 'org-a';

function client(overrides: Partial<ClientRecord> = {}): ClientRecord {
  return {
    name: 'c1',
    orgId: ORG,
    staff: true,
    firstSubscribedAt: 1000,
    deliveries: [],
    resyncs: [],
    connects: 1,
    ...overrides,
  };
}

function history(overrides: Partial<History> = {}): History {
  return {
    seed: 1,
    minutes: 1,
    graceMs: 1000,
    faults: [],
    requests: [],
    changes: [
      { key: 'ticket.created:T1', orgId: ORG, relayedAt: 2000 },
      { key: 'message.created:M1', orgId: ORG, relayedAt: 3000 },
    ],
    outbox: { committed: 2, unrelayed: 0 },
    clients: [
      client({
        deliveries: [
          { key: 'ticket.created:T1', eventId: '2000-0', at: 2001 },
          { key: 'message.created:M1', eventId: '3000-0', at: 3001 },
        ],
      }),
    ],
    mails: [{ address: 'a@example.test', messageIds: ['<m1@x>'] }],
    jobs: [{ kind: 'export', id: 'e1', done: true }],
    samples: { start: [], end: [] },
    ...overrides,
  };
}

describe('the soak checker', () => {
  test('a clean history passes, and its summary line says so with the counts', () => {
    const h = history();
    const verdict = check(h);
    expect(verdict.failures).toEqual([]);
    expect(verdict).toMatchObject({ expected: 2, lost: 0, duplicated: 0, outOfOrder: 0 });
    expect(summaryLine(h, verdict)).toMatch(/^soak PASSED .*lost 0, duplicated 0, out of order 0/);
  });

  test('a change relayed but never delivered (marked before it was published) is lost', () => {
    const h = history({
      clients: [
        client({ deliveries: [{ key: 'ticket.created:T1', eventId: '2000-0', at: 2001 }] }),
      ],
    });
    const verdict = check(h);
    expect(verdict.lost).toBe(1);
    expect(summaryLine(h, verdict)).toMatch(/^soak FAILED .*lost 1/);
  });

  test('a missed change the client was told to refetch after it was relayed is resync-covered', () => {
    const covered = check(
      history({
        clients: [
          client({
            deliveries: [{ key: 'ticket.created:T1', eventId: '2000-0', at: 2001 }],
            resyncs: [3500],
          }),
        ],
      }),
    );
    expect(covered).toMatchObject({ lost: 0, resyncCovered: 1, failures: [] });
    // A resync before the change was relayed says nothing about it.
    const early = check(
      history({
        clients: [
          client({
            deliveries: [{ key: 'ticket.created:T1', eventId: '2000-0', at: 2001 }],
            resyncs: [2500],
          }),
        ],
      }),
    );
    expect(early.lost).toBe(1);
  });

  test('a change delivered twice is a duplicate; after a resync it is counted apart and allowed', () => {
    const twice = [
      { key: 'ticket.created:T1', eventId: '2000-0', at: 2001 },
      { key: 'message.created:M1', eventId: '3000-0', at: 3001 },
      { key: 'ticket.created:T1', eventId: '4000-0', at: 4001 },
    ];
    expect(check(history({ clients: [client({ deliveries: twice })] }))).toMatchObject({
      duplicated: 1,
      failures: ['1 deliveries duplicated'],
    });
    expect(
      check(history({ clients: [client({ deliveries: twice, resyncs: [3500] })] })),
    ).toMatchObject({ duplicated: 0, duplicatedAfterResync: 1, failures: [] });
  });

  test('deliveries out of order, and deliveries of nothing committed, fail', () => {
    const reordered = check(
      history({
        clients: [
          client({
            deliveries: [
              { key: 'message.created:M1', eventId: '3000-0', at: 2001 },
              { key: 'ticket.created:T1', eventId: '2000-0', at: 3001 },
            ],
          }),
        ],
      }),
    );
    expect(reordered.outOfOrder).toBe(1);
    expect(reordered.failures).toContain('1 deliveries out of order');
    const phantom = check(
      history({
        clients: [
          client({
            deliveries: [
              { key: 'ticket.created:T1', eventId: '2000-0', at: 2001 },
              { key: 'message.created:M1', eventId: '3000-0', at: 3001 },
              { key: 'message.created:M9', eventId: '3500-0', at: 3501 },
            ],
          }),
        ],
      }),
    );
    expect(phantom.phantom).toBe(1);
  });

  test('changes relayed before a client subscribed are not expected of it; rows left in the outbox fail', () => {
    const late = check(
      history({
        clients: [
          client({
            firstSubscribedAt: 2500,
            deliveries: [{ key: 'message.created:M1', eventId: '3000-0', at: 3001 }],
          }),
        ],
      }),
    );
    expect(late).toMatchObject({ expected: 1, lost: 0, failures: [] });
    const stuck = check(
      history({
        changes: [...history().changes, { key: 'ticket.created:T2', orgId: ORG, relayedAt: null }],
        outbox: { committed: 3, unrelayed: 1 },
      }),
    );
    expect(stuck.failures).toContain('1 outbox rows never relayed');
  });

  test('mails: none is lost, two under one Message-ID is the allowed window, two Message-IDs fail', () => {
    const verdict = check(
      history({
        mails: [
          { address: 'a@example.test', messageIds: ['<m1@x>'] },
          { address: 'b@example.test', messageIds: ['<m2@x>', '<m2@x>'] },
        ],
      }),
    );
    expect(verdict.mails).toMatchObject({ once: 1, windowDuplicates: 1, duplicates: 0 });
    expect(verdict.failures).toEqual([]);
    const bad = check(
      history({
        mails: [
          { address: 'a@example.test', messageIds: [] },
          { address: 'b@example.test', messageIds: ['<m2@x>', '<m3@x>'] },
        ],
      }),
    );
    expect(bad.failures).toEqual([
      '1 mails never sent',
      '1 mails sent twice (different Message-IDs)',
    ]);
  });

  test('a job acknowledged before its effect never ran: the run fails', () => {
    const verdict = check(history({ jobs: [{ kind: 'export', id: 'e1', done: false }] }));
    expect(verdict.failures).toEqual(['1 jobs never ran']);
  });

  test('a 5xx inside a fault window (or its grace) is counted; outside one it fails the run', () => {
    const faults = [{ kind: 'sigkill-api' as const, target: 'api-1', start: 10_000, end: 12_000 }];
    const verdict = check(
      history({
        faults,
        requests: [
          { route: 'POST tickets', at: 11_000, ms: 20, status: 502 },
          { route: 'POST tickets', at: 12_500, ms: 20, status: 503 },
          { route: 'POST tickets', at: 9_990, ms: 30, status: 0 },
          { route: 'POST tickets', at: 20_000, ms: 20, status: 500 },
          { route: 'GET tickets', at: 30_000, ms: 5, status: 200 },
        ],
      }),
    );
    expect(verdict.errors).toEqual({ inside: 3, outside: 1 });
    expect(verdict.faults['sigkill-api']).toBe(1);
    expect(verdict.failures).toEqual(['1 5xx outside fault windows']);
    expect(verdict.latency.outside).toMatchObject({ n: 2 });
  });
});
