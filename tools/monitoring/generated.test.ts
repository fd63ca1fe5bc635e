import { expect, test } from 'bun:test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedFiles, ROOT, staleDocs, staleFiles } from './generate';

// The rule files, their promtool tests, the PrometheusRule and the dashboards in deploy/ are
// what tools/monitoring/ makes of its source, written out. On failure:
// `bun tools/monitoring/generate.ts`.

test('every generated monitoring file, and the tables of the docs, are what the source makes now', () => {
  expect(staleFiles()).toEqual([]);
  expect(staleDocs()).toEqual([]);
  expect(generatedFiles().size).toBeGreaterThanOrEqual(20);
});

test('a generated file edited by hand, or a source changed without writing, is caught', () => {
  const copy = mkdtempSync(join(tmpdir(), 'monitoring-stale-'));
  try {
    const [dashboard, rules] = [
      'deploy/monitoring/dashboards/queues.json',
      'deploy/monitoring/rules/queues.rules.yml',
    ];
    for (const path of [dashboard, rules]) cpSync(join(ROOT, path), join(copy, path));
    writeFileSync(
      join(copy, dashboard),
      readFileSync(join(copy, dashboard), 'utf8').replace('Oldest runnable job', 'Oldest job'),
    );
    writeFileSync(
      join(copy, rules),
      readFileSync(join(copy, rules), 'utf8').replace('> 600', '> 900'),
    );
    const stale = staleFiles(copy);
    expect(stale).toContain(dashboard);
    expect(stale).toContain(rules);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
