import { existsSync, readFileSync } from 'node:fs';
import { say, table } from '../output';
import type { ReceivedAlert } from './receiver';

/** Every alert a receiver wrote to `file`, oldest first. */
export function readAlerts(file: string): ReceivedAlert[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ReceivedAlert);
}

/** `./stack alerts [N] [--json]`: the latest N (20) alerts the local receiver got. */
export function printAlerts(file: string, args: readonly string[], monitoringOn: boolean): void {
  const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 20);
  const alerts = readAlerts(file).slice(-count);
  if (args.includes('--json')) {
    console.log(JSON.stringify(alerts, null, 2));
    return;
  }
  if (alerts.length === 0) {
    say(
      monitoringOn
        ? 'no alert received yet (Alertmanager sends each one to the local receiver)'
        : 'no alert received: ./stack up --monitoring starts Prometheus and Alertmanager',
    );
    return;
  }
  const labels = (l: Record<string, string>) =>
    Object.entries(l)
      .filter(([k]) => k !== 'job' || Object.keys(l).length === 1)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
  console.log(
    table([
      ['RECEIVED', 'STATUS', 'SEVERITY', 'ALERT', 'LABELS', 'SUMMARY'],
      ...alerts.map((a) => [
        a.receivedAt.replace('T', ' ').slice(0, 19),
        a.status,
        a.severity,
        a.alertname,
        labels(a.labels) || '-',
        a.summary,
      ]),
    ]),
  );
}
