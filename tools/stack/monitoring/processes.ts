import { userInfo } from 'node:os';
import { join } from 'node:path';
import { paths } from '../paths';
import type { ProcessDef } from '../process-def';
import type { StackSettings } from '../settings';
import {
  alertmanagerCommand,
  blackboxCommand,
  nodeExporterCommand,
  postgresExporterCommand,
  postgresExporterEnv,
  prometheusCommand,
  redisExporterCommand,
} from './commands';
import { monitorDsn } from './database';
import type { Targets } from './layout';
import { MONITORING_DIR, monitorPassword, stackMonitoringLayout } from './profile';

/** The PostgreSQL servers of the stack: the single one, or each Patroni node. */
export const postgresTargets = (defs: readonly ProcessDef[]): Targets['postgres'] =>
  defs
    .filter((d) => d.group === 'postgres' && d.port !== undefined)
    .map((d) => ({ name: d.name, port: d.port as number }));

export const POSTGRES_QUERIES = join(
  paths.root,
  'deploy/monitoring/exporters/postgres-queries.yml',
);

/** The monitoring profile's processes, after the stack's own (`defs`) that they watch. */
export function monitoringProcesses(
  settings: StackSettings,
  defs: readonly ProcessDef[],
): ProcessDef[] {
  const layout = stackMonitoringLayout(settings);
  const me = userInfo().username;
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const database = new URL(settings.db.url).pathname.slice(1);
  // Each after monitoring-setup, which makes their working directory and configuration.
  const common = {
    env,
    runsAs: me,
    cwd: MONITORING_DIR,
    stopSignal: 'SIGTERM' as const,
    stopTimeoutMs: 15_000,
  };
  const http = (port: number, path: string) => ({
    kind: 'http' as const,
    url: `http://127.0.0.1:${port}${path}`,
  });
  const postgres = postgresTargets(defs);
  const valkey = defs.find((d) => d.group === 'valkey');
  return [
    {
      // The monitoring role, its grants and pg_stat_statements, and the configuration files.
      ...common,
      name: 'monitoring-setup',
      group: 'monitoring-setup',
      cmd: [process.execPath, join(paths.root, 'tools/stack/monitoring/setup-main.ts')],
      env: { ...process.env, ...env } as Record<string, string>,
      cwd: paths.root,
      listens: {},
      probe: { kind: 'exit' },
      dependsOn: ['db-setup'],
      oneshot: true,
    },
    {
      ...common,
      name: 'alert-receiver',
      group: 'alert-receiver',
      cmd: [
        process.execPath,
        join(paths.root, 'tools/stack/monitoring/receiver.ts'),
        String(layout.receiverPort),
        layout.alertsFile,
      ],
      port: layout.receiverPort,
      listens: { STACK_PORT_BASE: layout.receiverPort },
      probe: http(layout.receiverPort, '/ready'),
      dependsOn: ['monitoring-setup'],
    },
    {
      ...common,
      name: 'alertmanager',
      group: 'alertmanager',
      cmd: alertmanagerCommand(layout),
      port: layout.alertmanagerPort,
      listens: { STACK_PORT_BASE: layout.alertmanagerPort },
      probe: http(layout.alertmanagerPort, '/-/ready'),
      dependsOn: ['alert-receiver'],
    },
    ...postgres.map(
      (pg, i): ProcessDef => ({
        ...common,
        name: postgres.length === 1 ? 'postgres-exporter' : `postgres-exporter-${i + 1}`,
        group: 'postgres-exporter',
        cmd: postgresExporterCommand(layout, i, POSTGRES_QUERIES),
        get env() {
          return postgresExporterEnv(monitorDsn(pg.port, database, monitorPassword()));
        },
        port: layout.postgresExporterPort + i,
        listens: { STACK_PORT_BASE: layout.postgresExporterPort + i },
        probe: http(layout.postgresExporterPort + i, '/metrics'),
        dependsOn: ['monitoring-setup'],
      }),
    ),
    ...(valkey?.port === undefined
      ? []
      : [
          {
            ...common,
            name: 'redis-exporter',
            group: 'redis-exporter',
            cmd: redisExporterCommand(layout, valkey.port),
            port: layout.redisExporterPort,
            listens: { STACK_PORT_BASE: layout.redisExporterPort },
            probe: http(layout.redisExporterPort, '/metrics'),
            dependsOn: [valkey.name, 'monitoring-setup'],
          },
        ]),
    {
      ...common,
      name: 'blackbox-exporter',
      group: 'blackbox-exporter',
      cmd: blackboxCommand(layout),
      port: layout.blackboxPort,
      listens: { STACK_PORT_BASE: layout.blackboxPort },
      probe: http(layout.blackboxPort, '/-/healthy'),
      dependsOn: ['monitoring-setup'],
    },
    {
      ...common,
      name: 'node-exporter',
      group: 'node-exporter',
      cmd: nodeExporterCommand(layout),
      port: layout.nodeExporterPort,
      listens: { STACK_PORT_BASE: layout.nodeExporterPort },
      probe: http(layout.nodeExporterPort, '/metrics'),
      dependsOn: ['monitoring-setup'],
    },
    {
      ...common,
      name: 'prometheus',
      group: 'prometheus',
      cmd: prometheusCommand(layout),
      port: layout.prometheusPort,
      listens: { STACK_PORT_BASE: layout.prometheusPort },
      probe: http(layout.prometheusPort, '/-/ready'),
      dependsOn: ['alertmanager', 'monitoring-setup'],
    },
  ];
}
