import { buildDashboard, type DashboardSpec } from './kit';
import { overview } from './overview';
import { postgresql } from './postgresql';
import { queues } from './queues';
import { realtime } from './realtime';
import { valkey } from './valkey';

/** Each dashboard by its file name under deploy/monitoring/dashboards/. */
export const DASHBOARD_SPECS: Record<string, DashboardSpec> = {
  overview,
  realtime,
  queues,
  postgresql,
  valkey,
};

export const DASHBOARDS = Object.fromEntries(
  Object.entries(DASHBOARD_SPECS).map(([name, spec]) => [name, () => buildDashboard(spec)]),
);
