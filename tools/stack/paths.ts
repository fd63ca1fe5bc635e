import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dir, '../..');
const DATA = join(ROOT, '.data');

/** Everything the local stack writes lives under .data/ (`./stack reset` wipes it). */
export const paths = {
  root: ROOT,
  data: DATA,
  logs: join(DATA, 'logs'),
  run: join(DATA, 'run'),
  pg: join(DATA, 'pg'),
  pgSuperuserPassword: join(DATA, 'pg-superuser-password'),
  valkey: join(DATA, 'valkey'),
  mail: join(DATA, 'mail'),
  tls: join(DATA, 'tls'),
  nginx: join(DATA, 'nginx'),
  storage: join(DATA, 'storage'),
  socket: join(DATA, 'run', 'stack.sock'),
  supervisorLog: join(DATA, 'logs', 'stack.log'),
  caCert: join(DATA, 'tls', 'ca.crt'),
  profiles: join(DATA, 'profiles'),
  testResults: join(DATA, 'test-results.xml'),
};

export const pidFile = (name: string) => join(paths.run, `${name}.pid`);
export const logFile = (name: string) => join(paths.logs, `${name}.log`);
/** Where `./stack start NAME --cpu-profile` has Bun write NAME's CPU profile when it stops. */
export const profileDir = (name: string) => join(paths.profiles, name);
