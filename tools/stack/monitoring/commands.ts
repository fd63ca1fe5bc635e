import { join } from 'node:path';
import { which } from '../system';
import { configFiles } from './configs';
import type { MonitoringLayout } from './layout';

// The command lines of a monitoring set's processes (Debian's packages), for the stack's
// supervisor and for the alert drill alike. Each listens on loopback only.

/** The Debian binaries, by what they are. */
export const BINARIES = {
  prometheus: 'prometheus',
  alertmanager: 'prometheus-alertmanager',
  postgresExporter: 'prometheus-postgres-exporter',
  redisExporter: 'prometheus-redis-exporter',
  blackboxExporter: 'prometheus-blackbox-exporter',
  nodeExporter: 'prometheus-node-exporter',
} as const;

/** A binary's path; its bare name when missing (the start then fails naming it). */
const binary = (name: string) => which(name) ?? name;

export function prometheusCommand(layout: MonitoringLayout): string[] {
  return [
    binary(BINARIES.prometheus),
    `--config.file=${configFiles(layout).prometheus}`,
    `--storage.tsdb.path=${join(layout.dir, 'prometheus')}`,
    '--storage.tsdb.retention.time=15d',
    `--web.listen-address=127.0.0.1:${layout.prometheusPort}`,
  ];
}

export function alertmanagerCommand(layout: MonitoringLayout): string[] {
  return [
    binary(BINARIES.alertmanager),
    `--config.file=${configFiles(layout).alertmanager}`,
    `--storage.path=${join(layout.dir, 'alertmanager')}`,
    `--web.listen-address=127.0.0.1:${layout.alertmanagerPort}`,
    // Empty: no gossip listener (it would bind 0.0.0.0:9094 for a cluster of one).
    '--cluster.listen-address=',
  ];
}

/** postgres_exporter for the `i`th server; its DSN goes in DATA_SOURCE_NAME (postgresExporterEnv). */
export function postgresExporterCommand(layout: MonitoringLayout, i: number, queries: string) {
  return [
    binary(BINARIES.postgresExporter),
    `--web.listen-address=127.0.0.1:${layout.postgresExporterPort + i}`,
    `--extend.query-path=${queries}`,
  ];
}

/** postgres_exporter reads its DSN from the environment only (never a flag: `ps` would show it). */
export function postgresExporterEnv(dsn: string): Record<string, string> {
  return { DATA_SOURCE_NAME: dsn, PATH: process.env.PATH ?? '/usr/bin:/bin' };
}

export function redisExporterCommand(layout: MonitoringLayout, valkeyPort: number): string[] {
  return [
    binary(BINARIES.redisExporter),
    `-web.listen-address=127.0.0.1:${layout.redisExporterPort}`,
    `-redis.addr=redis://127.0.0.1:${valkeyPort}`,
    // Its connections keep the name Valkey gives them: CLIENT SETNAME would rename each.
    '-set-client-name=false',
  ];
}

export function blackboxCommand(layout: MonitoringLayout): string[] {
  return [
    binary(BINARIES.blackboxExporter),
    `--config.file=${configFiles(layout).blackbox}`,
    `--web.listen-address=127.0.0.1:${layout.blackboxPort}`,
  ];
}

/** The host's filesystems (the disk alerts), CPU, memory and load only. */
export function nodeExporterCommand(layout: MonitoringLayout): string[] {
  return [
    binary(BINARIES.nodeExporter),
    `--web.listen-address=127.0.0.1:${layout.nodeExporterPort}`,
    '--collector.disable-defaults',
    '--collector.filesystem',
    '--collector.cpu',
    '--collector.meminfo',
    '--collector.loadavg',
  ];
}
