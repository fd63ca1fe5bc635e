import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_JOBS } from '../../tools/monitoring/rules/platform';
import { prometheusOperatorModels } from '../support/prometheus-operator';
import { ROOT } from '../support/stack';

// The kustomize base's monitoring objects (Prometheus Operator): the PrometheusRule holds exactly
// the rules of deploy/monitoring/rules/, the PodMonitor scrapes every service's pods on a port
// they have, naming the job as the rules do; both valid against the operator's CRD schemas.

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests, walked by the assertions
type Doc = any;

const KUBECTL = join(ROOT, '.tools/kubectl/kubectl');

function render(dir: string): Doc[] {
  const run = Bun.spawnSync([KUBECTL, 'kustomize', join(ROOT, dir)], {
    stdout: 'pipe',
    stderr: 'pipe',
  });
  if (run.exitCode !== 0) throw new Error(`kustomize ${dir}: ${run.stderr.toString()}`);
  return (Bun.YAML.parse(run.stdout.toString()) as Doc[]).filter(Boolean);
}

const base = render('deploy/kubernetes/base');
const only = (kind: string) => {
  const found = base.filter((d) => d.kind === kind);
  expect(found.length).toBe(1);
  return found[0];
};

describe('monitoring objects of the kustomize base', () => {
  test('valid against the Prometheus Operator schemas, which refuse a broken one', () => {
    const rule = only('PrometheusRule');
    const monitor = only('PodMonitor');
    const validate = (doc: Doc) =>
      prometheusOperatorModels[`${doc.apiVersion}/${doc.kind}`]?.(doc).validate();
    expect(() => validate(rule)).not.toThrow();
    expect(() => validate(monitor)).not.toThrow();
    const noExpr = structuredClone(rule);
    delete noExpr.spec.groups[0].rules[0].expr;
    expect(() => validate(noExpr)).toThrow();
    const noSelector = structuredClone(monitor);
    delete noSelector.spec.selector;
    expect(() => validate(noSelector)).toThrow();
  });

  test('the PrometheusRule holds every group of deploy/monitoring/rules/, as written there', () => {
    const dir = join(ROOT, 'deploy/monitoring/rules');
    const groups = readdirSync(dir)
      .filter((f) => f.endsWith('.rules.yml'))
      .sort()
      .flatMap((f) => (Bun.YAML.parse(readFileSync(join(dir, f), 'utf8')) as Doc).groups);
    const byName = (list: Doc[]) =>
      [...list].sort((a: Doc, b: Doc) => String(a.name).localeCompare(String(b.name)));
    expect(byName(only('PrometheusRule').spec.groups)).toEqual(byName(groups));
  });

  test("the PodMonitor scrapes each service's pods on their `http` port, its job the rules' job", () => {
    const monitor = only('PodMonitor');
    const [endpoint] = monitor.spec.podMetricsEndpoints;
    expect(endpoint).toMatchObject({ port: 'http', path: '/metrics', honorLabels: true });
    const jobs = new Set<string>();
    for (const component of ['api', 'ws', 'worker', 'inbound']) {
      const workload = base.find(
        (d) =>
          d.kind === 'Deployment' &&
          d.spec.template.metadata.labels['app.kubernetes.io/component'] === component,
      );
      const labels = workload.spec.template.metadata.labels;
      const selected =
        Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => labels[k] === v) &&
        monitor.spec.selector.matchExpressions.every(
          (e: Doc) => e.operator === 'In' && e.values.includes(labels[e.key]),
        );
      expect({ component, selected }).toEqual({ component, selected: true });
      const ports = workload.spec.template.spec.containers.flatMap((c: Doc) => c.ports ?? []);
      expect(ports.map((p: Doc) => p.name)).toContain(endpoint.port);
      jobs.add(labels[monitor.spec.jobLabel]);
    }
    expect([...jobs].sort()).toEqual(SERVICE_JOBS.split('|').sort());
    // The migration Job's pods are not scraped.
    const migrate = base.find((d) => d.kind === 'Job');
    const component = migrate?.spec.template.metadata.labels?.['app.kubernetes.io/component'];
    expect(monitor.spec.selector.matchExpressions[0].values).not.toContain(component);
  });
});
