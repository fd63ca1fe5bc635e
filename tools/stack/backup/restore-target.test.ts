import { describe, expect, test } from 'bun:test';
import { parseRestoreTarget, restoreOptions, targetInstant } from './restore-target';

describe('./stack restore --to', () => {
  test('latest, a backup label, or a time with its zone', () => {
    expect(parseRestoreTarget('latest')).toEqual({ kind: 'latest' });
    expect(parseRestoreTarget('20261128-213814F')).toEqual({
      kind: 'backup',
      label: '20261128-213814F',
    });
    expect(parseRestoreTarget('20261128-213814F_20261129-010203D')).toEqual({
      kind: 'backup',
      label: '20261128-213814F_20261129-010203D',
    });
    // PostgreSQL's spelling kept to the microsecond; ISO 8601's Z and T normalised.
    expect(parseRestoreTarget('2026-11-28 21:38:10.123456+00')).toEqual({
      kind: 'time',
      time: '2026-11-28 21:38:10.123456+00',
    });
    expect(parseRestoreTarget('2026-11-28T21:38:10Z')).toEqual({
      kind: 'time',
      time: '2026-11-28 21:38:10+00',
    });
    expect(parseRestoreTarget('2026-11-28 22:38+01:00')).toEqual({
      kind: 'time',
      time: '2026-11-28 22:38+01:00',
    });
  });

  test('a time without its zone, a date that is no date, or anything else is refused', () => {
    for (const bad of [
      '2026-11-28 21:38:10',
      '2026-13-28 21:38:10+00',
      'yesterday',
      '20261128-213814',
      '',
      "2026-11-28 21:38:10+00'; drop table x; --",
    ])
      expect(() => parseRestoreTarget(bad)).toThrow(/--to takes latest/);
  });

  test('the instant a time names, whatever its zone is written as', () => {
    const utc = Date.parse('2026-11-28T21:38:10.123Z');
    expect(targetInstant('2026-11-28 21:38:10.123456+00')).toBe(utc);
    expect(targetInstant('2026-11-28 22:38:10.123+01')).toBe(utc);
    expect(targetInstant('2026-11-28 22:38:10.123+0100')).toBe(utc);
    expect(targetInstant('2026-11-28 16:38:10.123-05:00')).toBe(utc);
  });

  test("pgBackRest's options: every restore ends promoted, a backup at its consistent point", () => {
    expect(restoreOptions({ kind: 'latest' })).toEqual(['--type=default']);
    expect(restoreOptions({ kind: 'latest' }, '20261128-213814F')).toEqual([
      '--set=20261128-213814F',
      '--type=default',
    ]);
    expect(restoreOptions({ kind: 'time', time: '2026-11-28 21:38:10+00' }, 'F1')).toEqual([
      '--set=F1',
      '--type=time',
      '--target=2026-11-28 21:38:10+00',
      '--target-action=promote',
    ]);
    expect(restoreOptions({ kind: 'backup', label: '20261128-213814F' })).toEqual([
      '--set=20261128-213814F',
      '--type=immediate',
      '--recovery-option=recovery_target_timeline=current',
      '--target-action=promote',
    ]);
  });
});
