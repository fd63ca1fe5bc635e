import { join } from 'node:path';
import {
  alertmanagerCommand,
  nodeExporterCommand,
  postgresExporterCommand,
  postgresExporterEnv,
  prometheusCommand,
  redisExporterCommand,
} from '../monitoring/commands';
import type { Timing } from '../monitoring/configs';
import { monitorDsn, prepareMonitoredDatabase } from '../monitoring/database';
import { type MonitoringLayout, monitoringLayout } from '../monitoring/layout';
import { POSTGRES_QUERIES } from '../monitoring/processes';
import { writeMonitoringConfigs } from '../monitoring/profile';
import { serveReceiver } from '../monitoring/receiver';
import { paths } from '../paths';
import { DRILL, type DrillProcess, drillProcess, type OwnStack, until } from './own-stack';

/** The drill's time: every second (its rules are production's sixty times faster). */
export const DRILL_TIMING: Timing = {
  scrapeInterval: '1s',
  databaseScrapeInterval: '2s',
  evaluationInterval: '1s',
  groupWait: '1s',
  groupInterval: '1s',
};

export interface DrillMonitoring {
  readonly layout: MonitoringLayout;
  /** Asks the drill's Prometheus an instant query; the result's samples. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): Promise<void>;
}

/**
 * Prometheus on the drill rules (deploy/monitoring/drill/rules/), Alertmanager, the local
 * receiver (in this process) and the exporters, watching the drill's own stack.
 */
export async function startDrillMonitoring(
  own: OwnStack,
  password: string,
): Promise<DrillMonitoring> {
  const layout = monitoringLayout(own.ports.monitoringBase, join(paths.data, DRILL, 'monitoring'));
  await prepareMonitoredDatabase({
    port: own.ports.postgres,
    database: own.database,
    superuserPassword: own.superuserPassword,
    password,
  });
  writeMonitoringConfigs(
    layout,
    {
      api: [{ instance: 'api-1', address: `127.0.0.1:${own.ports.api}` }],
      ws: [],
      worker: own.ports.workers.map((port, i) => ({
        instance: `worker-${i + 1}`,
        address: `127.0.0.1:${port}`,
      })),
      inbound: [],
      postgres: [{ name: 'postgres', port: own.ports.postgres }],
    },
    [join(paths.root, 'deploy/monitoring/drill/rules/*.rules.yml')],
    DRILL_TIMING,
  );
  const receiver = serveReceiver(layout.receiverPort, layout.alertsFile);
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const started: DrillProcess[] = [];
  const stop = async () => {
    for (const p of [...started].reverse()) await p.stop().catch(() => {});
    receiver.stop(true);
  };
  try {
    started.push(
      drillProcess('alertmanager', alertmanagerCommand(layout), env, { cwd: layout.dir }),
      drillProcess(
        'postgres-exporter',
        postgresExporterCommand(layout, 0, POSTGRES_QUERIES),
        postgresExporterEnv(monitorDsn(own.ports.postgres, own.database, password)),
        { cwd: layout.dir },
      ),
      drillProcess('redis-exporter', redisExporterCommand(layout, own.ports.valkey), env, {
        cwd: layout.dir,
      }),
      drillProcess('node-exporter', nodeExporterCommand(layout), env, { cwd: layout.dir }),
      drillProcess('prometheus', prometheusCommand(layout), env, { cwd: layout.dir }),
    );
    const base = `http://127.0.0.1:${layout.prometheusPort}`;
    const query = async (expr: string) => {
      const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as { data?: { result?: [] } };
      return body.data?.result ?? [];
    };
    // Every target up, and the rules evaluated once, before any fault.
    await until('every target of the drill’s Prometheus up', 60_000, async () => {
      const up = await query('up');
      return up.length >= 8 && up.every((s: { value: [number, string] }) => s.value[1] === '1')
        ? true
        : undefined;
    });
    return { layout, query, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
