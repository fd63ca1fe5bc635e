import { join } from 'node:path';

/**
 * Where one monitoring set listens and keeps its files: Prometheus, Alertmanager, the webhook
 * receiver Alertmanager sends to, and the exporters. The stack's sits at STACK_PORT_BASE + 60..
 * (13160–13166 by default, with the services' ports: a clone on another base moves with it); a
 * drill's at another offset, in a directory of its own.
 */
export interface MonitoringLayout {
  readonly dir: string;
  readonly prometheusPort: number;
  readonly alertmanagerPort: number;
  readonly receiverPort: number;
  readonly redisExporterPort: number;
  readonly blackboxPort: number;
  readonly nodeExporterPort: number;
  /** One postgres_exporter per PostgreSQL server, from this port on. */
  readonly postgresExporterPort: number;
  /** What the receiver got, one alert a line (`./stack alerts` prints it). */
  readonly alertsFile: string;
}

export const STACK_MONITORING_OFFSET = 60;

export function monitoringLayout(portBase: number, dir: string): MonitoringLayout {
  return {
    dir,
    prometheusPort: portBase,
    alertmanagerPort: portBase + 1,
    receiverPort: portBase + 2,
    redisExporterPort: portBase + 3,
    blackboxPort: portBase + 4,
    nodeExporterPort: portBase + 5,
    postgresExporterPort: portBase + 6,
    alertsFile: join(dir, 'alerts.jsonl'),
  };
}

/** A scrape target: its address, and the `instance` it is known by. */
export interface Target {
  readonly instance: string;
  readonly address: string;
}

/** What a Prometheus of a monitoring set scrapes, by job (the rules' job names). */
export interface Targets {
  readonly api: readonly Target[];
  readonly ws: readonly Target[];
  readonly worker: readonly Target[];
  readonly inbound: readonly Target[];
  /** Each PostgreSQL server: its name (`postgres`, a Patroni node's) and port. */
  readonly postgres: readonly { readonly name: string; readonly port: number }[];
  /** The public HTTPS URL the edge probe asks (`/health/live`), if any. */
  readonly https?: string;
  /** The SMTP ingress's host:port, whose STARTTLS certificate is probed, if any. */
  readonly smtp?: string;
}
