import { describe, expect, test } from 'bun:test';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drill, production } from '../../tools/monitoring/profile';
import { type AlertRule, isAlert, RUNBOOKS, runbookAnchor } from '../../tools/monitoring/rule';
import { allGroups } from '../../tools/monitoring/rule-files';
import { DRILL_CASES } from '../../tools/monitoring/rule-tests/drill';
import { PRODUCTION_CASES } from '../../tools/monitoring/rule-tests/production';
import { ROOT } from '../support/stack';

// deploy/monitoring's rules as Prometheus's own promtool reads them (Debian's `prometheus`,
// installed by ./stack test when the run includes this file): every rule file loads, every unit
// test passes — production's rules at production's time, the drill's at its own — and a wrong
// expectation fails. Every alert has a severity, a summary, a description and a runbook that
// exists, and a case that makes it fire.

const MONITORING = join(ROOT, 'deploy/monitoring');
const files = (dir: string, suffix: string) =>
  readdirSync(join(MONITORING, dir))
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(MONITORING, dir, f));

function promtool(args: string[], cwd = MONITORING) {
  const run = Bun.spawnSync(['promtool', ...args], { cwd, stdout: 'pipe', stderr: 'pipe' });
  return { code: run.exitCode, out: `${run.stdout.toString()}${run.stderr.toString()}` };
}

const alerts = (rules: ReturnType<typeof allGroups>): AlertRule[] =>
  rules.flatMap((g) => g.rules).filter(isAlert);

describe('alert rules (promtool)', () => {
  test('every rule file, production and drill, loads', () => {
    const ruleFiles = [...files('rules', '.rules.yml'), ...files('drill/rules', '.rules.yml')];
    expect(ruleFiles.length).toBe(12);
    const checked = promtool(['check', 'rules', ...ruleFiles]);
    expect({ code: checked.code, out: checked.out }).toEqual({ code: 0, out: expect.any(String) });
    expect(checked.out).not.toContain('FAILED');
  });

  test('every unit test passes: production time, and the drill time', () => {
    for (const dir of ['tests', 'drill/tests']) {
      const tests = files(dir, '.test.yml');
      expect(tests.length).toBeGreaterThan(0);
      const run = promtool(
        ['test', 'rules', ...tests.map((f) => f.split('/').pop() as string)],
        join(MONITORING, dir),
      );
      expect({ dir, code: run.code, out: run.code === 0 ? '' : run.out }).toEqual({
        dir,
        code: 0,
        out: '',
      });
    }
  }, 60_000);

  test('a wrong expectation fails: the tests can tell', () => {
    const copy = mkdtempSync(join(tmpdir(), 'promtool-'));
    try {
      cpSync(MONITORING, copy, { recursive: true });
      const file = join(copy, 'tests/queues.test.yml');
      const text = readFileSync(file, 'utf8');
      // The stalled queue's page expected at 14 minutes, now expected silent.
      const wrong = text.replace(
        /(eval_time: 14m\n\s+alertname: QueueStalled\n\s+exp_alerts:)\n(\s+- exp_labels:[\s\S]*?runbook_url: [^\n]+)/,
        '$1 []',
      );
      expect(wrong).not.toBe(text);
      writeFileSync(file, wrong);
      const run = promtool(['test', 'rules', 'queues.test.yml'], join(copy, 'tests'));
      expect(run.code).toBe(1);
      expect(run.out).toContain('QueueStalled');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  test('every alert: a severity, a summary, a description, a runbook section that exists', () => {
    const runbooks = readFileSync(join(ROOT, 'docs/runbooks.md'), 'utf8');
    const headings = new Set(
      [...runbooks.matchAll(/^#{2,3} (.+)$/gm)].map((m) => (m[1] ?? '').trim().toLowerCase()),
    );
    const all = alerts(allGroups(production));
    expect(all.length).toBeGreaterThanOrEqual(30);
    for (const rule of all) {
      expect({
        alert: rule.alert,
        severity: ['page', 'ticket'].includes(rule.labels.severity),
      }).toEqual({
        alert: rule.alert,
        severity: true,
      });
      expect(rule.annotations.summary.length).toBeGreaterThan(10);
      expect(rule.annotations.description.length).toBeGreaterThan(20);
      expect(rule.annotations.runbook_url).toBe(`${RUNBOOKS}#${runbookAnchor(rule.alert)}`);
      expect({ alert: rule.alert, runbook: headings.has(rule.alert.toLowerCase()) }).toEqual({
        alert: rule.alert,
        runbook: true,
      });
    }
  });

  test('every alert has a case that fires it; the drill fires its own at its own time', () => {
    const fired = (cases: typeof DRILL_CASES) =>
      new Set(
        cases.flatMap((c) => c.checks.filter((k) => k.firing.length > 0).map((k) => k.alert)),
      );
    const production_ = fired(Object.values(PRODUCTION_CASES).flat());
    for (const rule of alerts(allGroups(production))) expect(production_).toContain(rule.alert);
    const drilled = fired(DRILL_CASES);
    for (const name of [
      'QueueStalled',
      'OutboxRelayLagging',
      'ApiErrorBudgetBurnFast',
      'LoginFailuresOneAccountOneAddress',
      'ValkeyDataLost',
    ])
      expect(drilled).toContain(name);
  });

  test("the drill's rules are production's sixty times faster, nothing else", () => {
    const prod = alerts(allGroups(production));
    const fast = alerts(allGroups(drill));
    expect(fast.map((r) => r.alert)).toEqual(prod.map((r) => r.alert));
    const stalled = (rules: AlertRule[]) => rules.find((r) => r.alert === 'QueueStalled');
    expect(stalled(prod)?.for).toBe('2m');
    expect(stalled(fast)?.for).toBe('2s');
    expect(stalled(prod)?.expr).toContain('> 600');
    expect(stalled(fast)?.expr).toContain('> 10');
    const burn = (rules: AlertRule[]) => rules.find((r) => r.alert === 'ApiErrorBudgetBurnFast');
    expect(burn(prod)?.expr).toBe(burn(fast)?.expr);
    for (const [p, f] of prod.map((r, i) => [r, fast[i]] as const))
      expect(f?.annotations).toEqual(p.annotations);
  });
});
