import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockOf, type Markers, writeBlock } from '../docs/marked-blocks';
import { DASHBOARD_SPECS } from './dashboards';
import { production } from './profile';
import { isAlert, runbookAnchor } from './rule';
import { allGroups } from './rule-files';

/**
 * The tables of docs/observability.md written from the source: every alert (severity, `for`,
 * what it means) and every dashboard panel with the question it answers. `bun
 * tools/monitoring/generate.ts` writes them; tools/monitoring/generated.test.ts fails while one
 * differs.
 */
export const DOC = 'docs/observability.md';
export const ALERTS: Markers = {
  start: '<!-- monitoring-alerts:start -->',
  end: '<!-- monitoring-alerts:end -->',
};
export const PANELS: Markers = {
  start: '<!-- monitoring-panels:start -->',
  end: '<!-- monitoring-panels:end -->',
};

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function alertsTable(): string {
  const rows = allGroups(production).flatMap((group) =>
    group.rules
      .filter(isAlert)
      .map(
        (r) =>
          `| [${r.alert}](runbooks.md#${runbookAnchor(r.alert)}) | ${r.labels.severity} | ${r.for ?? '—'} | ${cell(r.annotations.summary.replace(/\{\{ \$labels\.(\w+) \}\}/g, '<$1>'))} | ${cell(r.annotations.description)} |`,
      ),
  );
  return [
    '| alert | severity | for | summary | what it means |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function panelsTable(): string {
  const rows = Object.entries(DASHBOARD_SPECS).flatMap(([file, spec]) =>
    spec.rows.flatMap((row) =>
      row.panels.map(
        (p) =>
          `| ${spec.title} (\`${file}.json\`) | ${row.title} | ${p.title} | ${cell(p.question)} |`,
      ),
    ),
  );
  return [
    '| dashboard | row | panel | the question it answers |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

const blocks = [
  { markers: ALERTS, table: alertsTable },
  { markers: PANELS, table: panelsTable },
];

/** The tables of the doc that differ from what the source makes (by their start marker). */
export function staleDocTables(root: string): string[] {
  const text = readFileSync(join(root, DOC), 'utf8');
  return blocks
    .filter(({ markers, table }) => blockOf(text, markers) !== table())
    .map(({ markers }) => markers.start);
}

export function writeDocTables(root: string): void {
  for (const { markers, table } of blocks) writeBlock(join(root, DOC), markers, table());
}
