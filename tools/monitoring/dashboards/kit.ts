import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  LegendDisplayMode,
  LegendPlacement,
  VizLegendOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  type Dashboard,
  DashboardBuilder,
  DashboardCursorSync,
  DatasourceVariableBuilder,
  type Panel,
  RowBuilder,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';

/**
 * Dashboards are written as data — each panel with the question it answers, which becomes its
 * description in Grafana and its row in docs/observability.md — and built into Grafana's JSON
 * with the Grafana Foundation SDK. Every query names its data source through the dashboard's
 * `datasource` variable: an import asks which Prometheus to use.
 */
export interface Query {
  readonly expr: string;
  /** The series' name in the legend (`{{ route }}`). */
  readonly legend?: string;
}

export interface PanelSpec {
  readonly title: string;
  /** The question the panel answers (its description, and its line in the docs). */
  readonly question: string;
  /** `timeseries` (the default), `stat` (the latest value) or `table` (instant values by label). */
  readonly kind?: 'timeseries' | 'stat' | 'table';
  /** A Grafana unit: `reqps`, `s`, `percentunit`, `bytes`, `short`, `ops`. */
  readonly unit?: string;
  readonly queries: readonly Query[];
  /** Grid columns out of 24 (8 by default: three panels a row). */
  readonly width?: number;
}

export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly rows: readonly RowSpec[];
}

/** The data source every query uses: the dashboard's variable, chosen when it is imported. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not JavaScript's
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

function panel(spec: PanelSpec, id: number): cog.Builder<Panel> {
  const targets = spec.queries.map((q, i) => {
    const target = new DataqueryBuilder()
      .datasource(DATASOURCE)
      .refId(String.fromCharCode(65 + i))
      .expr(q.expr)
      .legendFormat(q.legend ?? '__auto');
    return spec.kind === 'table' ? target.instant().format(PromQueryFormat.Table) : target;
  });
  const width = spec.width ?? 8;
  const common = <B extends TimeseriesPanel | StatPanel | TablePanel>(builder: B): B =>
    builder
      .id(id)
      .title(spec.title)
      .description(spec.question)
      .datasource(DATASOURCE)
      .targets(targets)
      .unit(spec.unit ?? 'short')
      .span(width)
      .height(8) as B;
  if (spec.kind === 'stat') return common(new StatPanel());
  if (spec.kind === 'table') return common(new TablePanel());
  return common(new TimeseriesPanel()).legend(
    new VizLegendOptionsBuilder()
      .showLegend(true)
      .displayMode(LegendDisplayMode.List)
      .placement(LegendPlacement.Bottom),
  );
}

export function buildDashboard(spec: DashboardSpec): Dashboard {
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(['insightdesk', 'generated'])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh('30s')
    .time({ from: 'now-3h', to: 'now' })
    .timezone('browser')
    .withVariable(
      new DatasourceVariableBuilder('datasource').label('Prometheus').type('prometheus'),
    );
  // Ids in the order panels appear, rows included (Grafana keys panel state by them).
  let id = 0;
  for (const row of spec.rows) {
    builder.withRow(new RowBuilder(row.title).id(++id));
    for (const p of row.panels) builder.withPanel(panel(p, ++id));
  }
  return builder.build();
}

/** Every query of a dashboard, with where it is (for the tests and the docs). */
export function queriesOf(spec: DashboardSpec) {
  return spec.rows.flatMap((row) =>
    row.panels.flatMap((p) =>
      p.queries.map((q) => ({ dashboard: spec.uid, panel: p.title, expr: q.expr })),
    ),
  );
}

/** API requests a user made: not health probes, not the scrapes. */
export const USER_REQUESTS = 'route!~"/health.*|/metrics"';
