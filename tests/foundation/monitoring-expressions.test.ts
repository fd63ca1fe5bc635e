import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { DASHBOARD_SPECS } from '../../tools/monitoring/dashboards';
import { queriesOf } from '../../tools/monitoring/dashboards/kit';
import { production } from '../../tools/monitoring/profile';
import { readPromql } from '../../tools/monitoring/promql';
import { allGroups } from '../../tools/monitoring/rule-files';
import { readAlerts } from '../../tools/stack/monitoring/alerts';
import { monitoringProcesses } from '../../tools/stack/monitoring/processes';
import {
  monitoringProfileOn,
  stackMonitoringLayout,
  stackTargets,
} from '../../tools/stack/monitoring/profile';
import { stackProcesses } from '../../tools/stack/processes';
import { loadStackSettings } from '../../tools/stack/settings';
import { createSupervisor, type Supervisor } from '../../tools/stack/supervisor';
import { registerOwner } from '../support/api';
import { call } from '../support/http';
import { eventually, runStack } from '../support/stack';

// Every PromQL expression of deploy/monitoring — each rule's and each dashboard panel's — against
// a real Prometheus scraping the running stack: the monitoring profile's own processes (Debian's
// Prometheus, Alertmanager and exporters, started here by the stack's supervisor code for the
// test unless `./stack up --monitoring` runs them already). Each expression must parse and run,
// and each series it selects must exist, with the labels it names: a metric renamed in the code,
// a label dropped, a query written wrong fails here. Then an alert goes through Alertmanager to
// the local receiver and `./stack alerts` prints it.

const settings = loadStackSettings();
const layout = stackMonitoringLayout(settings);
const prometheus = `http://127.0.0.1:${layout.prometheusPort}`;

/**
 * Series that come to be with their first event (a label set a counter gets when it is first
 * incremented): checked by their metadata — the service declares them — not by a series.
 */
const EVENT_BORN: Record<string, string> = {
  queue_job_failures_total: "a job's failed attempt (by queue and job name)",
  ws_broadcasts_total: 'a live event broadcast (by path)',
};

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(expr: string): Promise<{ ok: boolean; error?: string; result: Sample[] }> {
  const res = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data?: { result: Sample[] };
  };
  return { ok: body.status === 'success', error: body.error, result: body.data?.result ?? [] };
}

/**
 * The metric families the services declare (`# TYPE` lines of their /metrics): Prometheus keeps
 * no metadata of a family without a series.
 */
async function knownFamilies(): Promise<Set<string>> {
  const { api, ws, worker, inbound } = stackTargets(settings, []);
  const families = new Set<string>();
  for (const { address } of [...api, ...ws, ...worker, ...inbound]) {
    const text = await fetch(`http://${address}/metrics`).then((r) => r.text());
    for (const [, name] of text.matchAll(/^# TYPE (\S+) /gm)) families.add(name as string);
  }
  return families;
}

const family = (metric: string) => metric.replace(/_(bucket|count|sum)$/, '');

/**
 * The selectors of `expressions` that select nothing: a metric without series (or, for one born
 * with its first event, without the service's declaration), a label the metric does not carry.
 */
async function missingSelectors(
  list: readonly { where: string; expr: string }[],
  families: Set<string>,
): Promise<string[]> {
  const missing: string[] = [];
  const present = new Map<string, boolean>();
  const has = async (selector: string) => {
    if (!present.has(selector))
      present.set(selector, (await query(`count(${selector})`)).result.length > 0);
    return present.get(selector) as boolean;
  };
  for (const { where, expr } of list) {
    const { selectors, grouping } = readPromql(expr);
    for (const { metric, labels } of selectors) {
      if (!metric) continue;
      if (EVENT_BORN[metric] !== undefined) {
        if (!families.has(family(metric))) missing.push(`${where}: ${metric} (not declared)`);
        continue;
      }
      if (!(await has(metric))) {
        missing.push(`${where}: ${metric}`);
        continue;
      }
      // Its own labels; and those the expression groups on, when no other selector has them.
      for (const label of labels) {
        const selector = `${metric}{${label}!=""}`;
        if (!(await has(selector))) missing.push(`${where}: ${selector}`);
      }
      for (const label of grouping.filter((l) => l !== 'le' && !labels.includes(l))) {
        const anywhere = await Promise.all(
          selectors.filter((s) => s.metric).map((s) => has(`${s.metric}{${label}!=""}`)),
        );
        if (!anywhere.some(Boolean)) missing.push(`${where}: ${metric} by ${label}`);
      }
    }
  }
  return [...new Set(missing)];
}

let supervisor: Supervisor | undefined;

beforeAll(async () => {
  if (!monitoringProfileOn()) {
    const defs = monitoringProcesses(settings, stackProcesses(settings, { monitoring: false }));
    // What they depend on of the stack runs already, under the stack's own supervisor.
    const names = new Set(defs.map((d) => d.name));
    supervisor = createSupervisor({
      defs: defs.map((d) => ({ ...d, dependsOn: d.dependsOn.filter((n) => names.has(n)) })),
      echo: false,
    });
    supervisor.up();
    await eventually(
      () => supervisor?.status().every((p) => p.ready) || undefined,
      90_000,
      250,
    ).catch((err) => {
      const stuck = supervisor
        ?.status()
        .filter((p) => !p.ready)
        .map((p) => `${p.name}: ${p.state}`);
      throw new Error(`${(err as Error).message}; not ready: ${stuck?.join(', ')}`);
    });
  }
  // Requests of users (the api's service levels count them), a change (its outbox row, its
  // verification mail's job), a failed login.
  const owner = await registerOwner('Metrics');
  for (let i = 0; i < 5; i++) await call('/api/v1/me', { token: owner.token });
  await call('/api/v1/auth/login', { body: { email: owner.email, password: 'not-the-password' } });
  // Every target scraped, and the recording rules evaluated on what they scraped.
  await eventually(
    async () => {
      const up = await query('up');
      const jobs = new Set(up.result.filter((s) => s.value[1] === '1').map((s) => s.metric.job));
      const all = [
        'api',
        'ws',
        'worker',
        'inbound',
        'postgres',
        'valkey',
        'node',
        'blackbox-https',
        'blackbox-smtp',
        'prometheus',
        'alertmanager',
      ];
      const recorded = await query('api:request_errors:ratio_rate5m');
      return (all.every((job) => jobs.has(job)) && recorded.result.length > 0) || undefined;
    },
    90_000,
    1000,
  );
}, 200_000);

afterAll(async () => {
  await supervisor?.down();
}, 60_000);

const expressions = [
  ...allGroups(production).flatMap((g) =>
    g.rules.map((r) => ({
      where: `${g.name}: ${'alert' in r ? r.alert : r.record}`,
      expr: r.expr,
    })),
  ),
  ...Object.values(DASHBOARD_SPECS).flatMap((spec) =>
    queriesOf(spec).map((q) => ({
      where: `${q.dashboard}: ${q.panel}`,
      // Grafana's own variable, as it would set it.
      expr: q.expr.replaceAll('$__rate_interval', '1m'),
    })),
  ),
];

describe('every expression of the rules and dashboards, against Prometheus', () => {
  test('there are the rules and the panels', () => {
    expect(expressions.length).toBeGreaterThan(100);
  });

  test('each parses and runs', async () => {
    const failed: string[] = [];
    for (const { where, expr } of expressions) {
      const read = readPromql(expr);
      const ran = await query(expr);
      if (read.errors.length > 0 || !ran.ok) failed.push(`${where}: ${ran.error ?? 'syntax'}`);
    }
    expect(failed).toEqual([]);
  }, 120_000);

  test('each series it selects exists, with the labels it names', async () => {
    expect(await missingSelectors(expressions, await knownFamilies())).toEqual([]);
    // The check can tell: a metric misspelt, a label it does not carry, an undeclared family.
    const planted = [
      { where: 'planted', expr: 'max(queue_oldest_runnable_age_second)' },
      { where: 'planted', expr: 'sum by (queue) (queue_jobs{tenant="x"})' },
      { where: 'planted', expr: 'max(queue_job_failures_total) or ws_broadcasts_total_nope' },
    ];
    expect(await missingSelectors(planted, await knownFamilies())).toEqual([
      'planted: queue_oldest_runnable_age_second',
      'planted: queue_jobs{tenant!=""}',
      'planted: ws_broadcasts_total_nope',
    ]);
  }, 120_000);
});

describe('an alert goes through Alertmanager to the local receiver and ./stack alerts', () => {
  test('posted to Alertmanager, received, printed', async () => {
    const name = `MonitoringPipelineProbe${Date.now()}`;
    const res = await fetch(`http://127.0.0.1:${layout.alertmanagerPort}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([
        {
          labels: { alertname: name, severity: 'ticket' },
          annotations: { summary: 'a probe of the alert path' },
        },
      ]),
    });
    expect(res.status).toBe(200);
    const received = await eventually(
      () => readAlerts(layout.alertsFile).find((a) => a.alertname === name),
      60_000,
      500,
    );
    expect(received.status).toBe('firing');
    expect(received.severity).toBe('ticket');
    const printed = await runStack(['alerts', '--json', '200']);
    expect(printed.code).toBe(0);
    const listed = JSON.parse(printed.stdout) as { alertname: string; summary: string }[];
    expect(listed.find((a) => a.alertname === name)?.summary).toBe('a probe of the alert path');
    expect(readFileSync(layout.alertsFile, 'utf8')).toContain(name);
  }, 90_000);
});
