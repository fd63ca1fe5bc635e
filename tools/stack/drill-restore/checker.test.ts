import { describe, expect, test } from 'bun:test';
import { check, type RestoreHistory, summaryLine } from './checker';

const good: RestoreHistory = {
  target: '2026-11-28 21:38:10.123456+00',
  changes: [
    { key: 'ticket.created:a', beforeTarget: true, committed: true, restored: true },
    { key: 'message.created:b', beforeTarget: true, committed: true, restored: true },
    { key: 'message.created:c', beforeTarget: false, committed: true, restored: false },
    // Asked for after the target, never committed (its request was cut by the loss).
    { key: 'message.created:d', beforeTarget: false, committed: false, restored: false },
  ],
  rows: { beforeTarget: 120, missing: 0, afterTarget: 0 },
  audit: [{ orgId: 'o', valid: true, headAtTarget: 'matches', tailCutFromLoss: true }],
  jobs: [
    { kind: 'export', beforeTarget: true, done: true },
    { kind: 'attachment', beforeTarget: false, done: null },
  ],
  mails: [
    { key: 'a@x', beforeTarget: true, beforeLoss: 1, afterRestore: 0 },
    { key: 'b@x', beforeTarget: true, beforeLoss: 1, afterRestore: 1 },
    { key: 'c@x', beforeTarget: false, beforeLoss: 1, afterRestore: 0 },
  ],
  webhooks: [{ key: 'ticket.created:a', beforeTarget: true, beforeLoss: 0, afterRestore: 1 }],
  clients: [
    { name: 'c0', staff: true, resynced: true, receivedAfter: true },
    { name: 'c1', staff: false, resynced: true, receivedAfter: false },
  ],
  archiveTimeoutSeconds: 60,
  rpoSeconds: 41.25,
  rtoSeconds: 9.75,
  recoveredSeconds: 12.5,
};

const auditOk = { orgId: 'o', valid: true, headAtTarget: 'matches', tailCutFromLoss: true };

describe('the restore drill checker', () => {
  test('a restore that kept exactly the changes before the target passes, its window counted', () => {
    const verdict = check(good);
    expect(verdict.failures).toEqual([]);
    expect(verdict.mails).toEqual({
      expected: 2,
      lost: 0,
      resent: 1,
      forVanished: 1,
      duplicated: 0,
    });
    expect(summaryLine(good, verdict)).toBe(
      'restore drill: passed, 3 changes (2 before the target, 1 after), lost 0, after-target 0, rows 120 checked, audit chains 1/1, jobs 1/1 done, mails 2/2 (re-sent 1, for vanished changes 1), webhooks 1/1 (re-sent 0, for vanished changes 0), clients 2/2 resynced, RPO 41.3 s (archive_timeout 60 s), RTO 9.8 s (work re-derived at 12.5 s)',
    );
  });

  const broken: [string, Partial<RestoreHistory>, RegExp][] = [
    [
      'a change before the target missing',
      {
        changes: [
          { key: 'ticket.created:a', beforeTarget: true, committed: true, restored: false },
          ...good.changes.slice(1),
        ],
      },
      /1 changes before the target missing, e.g. ticket.created:a/,
    ],
    [
      'a change after the target present',
      {
        changes: [
          ...good.changes.slice(0, 2),
          { key: 'message.created:c', beforeTarget: false, committed: true, restored: true },
        ],
      },
      /changes after the target present/,
    ],
    [
      'a row before the target missing',
      { rows: { beforeTarget: 120, missing: 1, afterTarget: 0 } },
      /1 rows committed before the target missing/,
    ],
    [
      'a row after the target present',
      { rows: { beforeTarget: 120, missing: 0, afterTarget: 3 } },
      /3 rows committed after the target present/,
    ],
    [
      'an audit chain that does not verify',
      { audit: [{ ...auditOk, valid: false }] },
      /audit chains: 0 of 1/,
    ],
    [
      'an audit chain that lost rows before the target',
      { audit: [{ ...auditOk, headAtTarget: 'missing' }] },
      /audit chains: 0 of 1/,
    ],
    [
      'a job before the target not done',
      { jobs: [{ kind: 'export', beforeTarget: true, done: false }] },
      /1 jobs before the target not done/,
    ],
    [
      'a mail never sent',
      { mails: [{ key: 'a@x', beforeTarget: true, beforeLoss: 0, afterRestore: 0 }] },
      /1 mails before the target never sent/,
    ],
    [
      'a mail sent twice before the loss',
      { mails: [{ key: 'a@x', beforeTarget: true, beforeLoss: 2, afterRestore: 0 }] },
      /1 mails and 0 webhooks received twice/,
    ],
    [
      'a webhook delivered twice after the restore',
      { webhooks: [{ key: 'k', beforeTarget: true, beforeLoss: 1, afterRestore: 2 }] },
      /0 mails and 1 webhooks received twice/,
    ],
    [
      'a webhook never delivered',
      { webhooks: [{ key: 'k', beforeTarget: true, beforeLoss: 0, afterRestore: 0 }] },
      /1 webhook deliveries/,
    ],
    [
      'a client never told to resync',
      { clients: [{ name: 'c0', staff: true, resynced: false, receivedAfter: true }] },
      /1 clients never told to resync/,
    ],
    [
      'a staff client deaf after the restore',
      { clients: [{ name: 'c0', staff: true, resynced: true, receivedAfter: false }] },
      /1 staff clients missed/,
    ],
    [
      'a drill without a change after the target',
      { changes: good.changes.slice(0, 2) },
      /no change after the target/,
    ],
  ];
  for (const [what, change, reason] of broken)
    test(`fails on ${what}`, () => {
      const history = { ...good, ...change };
      const verdict = check(history);
      expect(verdict.failures.join('; ')).toMatch(reason);
      expect(summaryLine(history, verdict)).toStartWith('restore drill: FAILED (');
    });

  test('lost and after-target count rows and changes both', () => {
    const verdict = check({
      ...good,
      rows: { beforeTarget: 120, missing: 2, afterTarget: 5 },
      changes: [
        { key: 'a', beforeTarget: true, committed: true, restored: false },
        { key: 'c', beforeTarget: false, committed: true, restored: true },
      ],
    });
    expect([verdict.lost, verdict.afterTarget]).toEqual([3, 6]);
  });
});
