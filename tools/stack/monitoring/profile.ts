import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paths } from '../paths';
import { INSTANCES, type StackSettings, servicePort } from '../settings';
import {
  alertmanagerConfig,
  blackboxConfig,
  configFiles,
  prometheusConfig,
  STACK_TIMING,
} from './configs';
import {
  type MonitoringLayout,
  monitoringLayout,
  STACK_MONITORING_OFFSET,
  type Targets,
} from './layout';

// `./stack up --monitoring`: Prometheus (the rules of deploy/monitoring/rules/), Alertmanager
// sending every alert to a local webhook receiver (`./stack alerts`), postgres_exporter,
// redis_exporter, blackbox_exporter (the edge's certificate and the SMTP ingress's) and
// node_exporter (the disks), as plain processes of the supervisor. The profile lasts while the
// stack runs: a marker in .data/run tells later commands (status, logs, stop, start) it is on.

const MARKER = join(paths.run, 'profile-monitoring');
export const MONITORING_DIR = join(paths.data, 'monitoring');
const MONITOR_PASSWORD = join(MONITORING_DIR, 'monitor-password');

export const monitoringProfileOn = (): boolean => existsSync(MARKER);

export function markMonitoringProfile(on: boolean): void {
  mkdirSync(paths.run, { recursive: true });
  if (on)
    writeFileSync(MARKER, 'Prometheus, Alertmanager and exporters (./stack up --monitoring)\n');
  else rmSync(MARKER, { force: true });
}

/** The stack's monitoring set: at STACK_PORT_BASE + 60, in .data/monitoring. */
export const stackMonitoringLayout = (settings: StackSettings): MonitoringLayout =>
  monitoringLayout(settings.stack.portBase + STACK_MONITORING_OFFSET, MONITORING_DIR);

/** The monitoring role's password, made on first use and kept in .data/monitoring (0600). */
export function monitorPassword(): string {
  mkdirSync(MONITORING_DIR, { recursive: true });
  if (!existsSync(MONITOR_PASSWORD))
    writeFileSync(MONITOR_PASSWORD, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  return readFileSync(MONITOR_PASSWORD, 'utf8').trim();
}

/** The production rule files, as Prometheus loads them. */
export const productionRuleFiles = () => [join(paths.root, 'deploy/monitoring/rules/*.rules.yml')];

/** What the stack's Prometheus scrapes: both instances of each service, and the edge. */
export function stackTargets(settings: StackSettings, postgres: Targets['postgres']): Targets {
  const instances = (service: 'api' | 'ws' | 'worker') =>
    INSTANCES.map((n) => ({
      instance: `${service}-${n}`,
      address: `127.0.0.1:${servicePort(settings, service, n)}`,
    }));
  return {
    api: instances('api'),
    ws: instances('ws'),
    worker: instances('worker'),
    inbound: [
      { instance: 'inbound-1', address: `127.0.0.1:${servicePort(settings, 'inbound', 1)}` },
    ],
    postgres,
    https: `https://localhost:${settings.stack.httpsPort}/health/live`,
    smtp: `127.0.0.1:${settings.stack.inboundPort}`,
  };
}

/** Writes a set's configuration files (Prometheus, Alertmanager, blackbox). */
export function writeMonitoringConfigs(
  layout: MonitoringLayout,
  targets: Targets,
  ruleFiles: readonly string[],
  timing = STACK_TIMING,
): void {
  for (const dir of [layout.dir, join(layout.dir, 'prometheus'), join(layout.dir, 'alertmanager')])
    mkdirSync(dir, { recursive: true });
  const files = configFiles(layout);
  writeFileSync(files.prometheus, prometheusConfig(layout, targets, ruleFiles, timing));
  writeFileSync(files.alertmanager, alertmanagerConfig(layout, timing));
  writeFileSync(files.blackbox, blackboxConfig(paths.caCert));
}
