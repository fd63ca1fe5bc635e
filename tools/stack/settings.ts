import { dbConfig, httpConfig, loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { stackConfig } from './config';
import { paths } from './paths';

/** The stack's view of the configuration: the same cascading env files the services read. */
export function loadStackSettings() {
  return loadConfig(
    { stack: stackConfig, db: dbConfig, valkey: valkeyConfig, http: httpConfig },
    { dir: paths.root },
  );
}

export type StackSettings = ReturnType<typeof loadStackSettings>;

export const INSTANCES = [1, 2] as const;

export function servicePort(
  settings: StackSettings,
  service: 'api' | 'ws' | 'worker' | 'inbound',
  n: number,
) {
  const offset = { api: 0, ws: 10, worker: 20, inbound: 30 }[service];
  return settings.stack.portBase + offset + n;
}
