import { readFileSync } from 'node:fs';
import { paths } from '../paths';
import { stackProcesses } from '../processes';
import { loadStackSettings } from '../settings';
import { prepareMonitoredDatabase } from './database';
import { postgresTargets } from './processes';
import {
  monitorPassword,
  productionRuleFiles,
  stackMonitoringLayout,
  stackTargets,
  writeMonitoringConfigs,
} from './profile';

// The monitoring profile's one-shot step, after db-setup: the configuration files of this
// start (Prometheus scraping every instance the stack runs, Alertmanager, blackbox), and on the
// primary (STACK_PG_PORT: the single node, or HAProxy's primary listener) the monitoring role,
// its grants and pg_stat_statements.

const settings = loadStackSettings();
const layout = stackMonitoringLayout(settings);
writeMonitoringConfigs(
  layout,
  stackTargets(settings, postgresTargets(stackProcesses(settings))),
  productionRuleFiles(),
);
await prepareMonitoredDatabase({
  port: settings.stack.pgPort,
  superuserPassword: readFileSync(paths.pgSuperuserPassword, 'utf8').trim(),
  database: new URL(settings.db.url).pathname.slice(1),
  password: monitorPassword(),
});
console.log(`monitoring: configuration in ${layout.dir.replace(`${paths.root}/`, '')}, role ready`);
