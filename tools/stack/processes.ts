import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { localArchiveSettings } from './backup/local';
import { settingArgs } from './backup/pgbackrest-conf';
import { currentBundles } from './bundles';
import { monitoringProcesses } from './monitoring/processes';
import { monitoringProfileOn } from './monitoring/profile';
import { paths } from './paths';
import { HA_ENTRY, haProcesses, haServiceEnv } from './postgres-ha/processes';
import { haProfileOn } from './postgres-ha/profile';
import { statementSettingArgs } from './postgres-statements';
import type { ProcessDef } from './process-def';
import { INSTANCES, type StackSettings, servicePort } from './settings';
import {
  asServiceUser,
  pgBinDir,
  resolvedDataDir,
  serviceUserName,
  valkeyBinary,
  which,
} from './system';

/**
 * The stack's CA beside the certificates the machine already adds (NODE_EXTRA_CA_CERTS names
 * one file): both in one bundle under .data/tls, or none while the CA is not made yet.
 */
function trustBundle(extra: string | undefined): string | undefined {
  if (!existsSync(paths.caCert)) return extra;
  if (!extra || extra === paths.caCert) return paths.caCert;
  const bundle = join(paths.tls, 'trusted.pem');
  const machine = existsSync(extra) ? readFileSync(extra, 'utf8') : '';
  writeFileSync(bundle, `${machine.trimEnd()}\n${readFileSync(paths.caCert, 'utf8')}`);
  return bundle;
}

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  env.NODE_ENV ??= 'development';
  // JSON into the log files (cheap to write); `./stack logs` and `./stack up` render it readable.
  env.LOG_FORMAT ??= 'json';
  // The services trust the stack's own CA, as its tests do: a webhook receiver with a
  // certificate it signed is one a real CA signed (tests/webhooks/tls.test.ts).
  const trusted = trustBundle(env.NODE_EXTRA_CA_CERTS);
  if (trusted) env.NODE_EXTRA_CA_CERTS = trusted;
  return env;
}

export interface StackOptions {
  /**
   * Development mode (`bun run dev`): api, ws and worker run under Bun's `--watch`, which
   * restarts the program in the same process when a file it imports changes.
   */
  readonly watch?: boolean;
  /**
   * The monitoring profile (`./stack up --monitoring`): Prometheus, Alertmanager, the exporters
   * and the alert receiver after the stack's own processes. By default what the running stack was
   * started with.
   */
  readonly monitoring?: boolean;
  /**
   * The PostgreSQL HA profile (`./stack up --ha`): Patroni nodes, etcd and HAProxy in place of
   * the single PostgreSQL. By default what the running stack was started with.
   */
  readonly ha?: boolean;
}

/**
 * PostgreSQL on `dataDir`, as the service user, on loopback TCP only, with `extra` arguments
 * (`-c name=value`: the stack's archiving). Also how a test starts a streaming replica of the
 * stack's cluster (a hot standby needs the primary's max_connections).
 */
export function postgresCommand(
  dataDir: string,
  port: number,
  extra: readonly string[] = [],
): string[] {
  return asServiceUser([
    join(pgBinDir(), 'postgres'),
    '-D',
    dataDir,
    '-c',
    `port=${port}`,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=300',
    // JIT compilation costs tens of milliseconds and pays off only for analytics queries.
    '-c',
    'jit=off',
    // pg_stat_statements, the slow statement log, auto_explain (postgres-statements.ts).
    ...statementSettingArgs(),
    ...extra,
  ]);
}

/** Every process of the local stack, in start order (dependencies first). */
export function stackProcesses(settings: StackSettings, options: StackOptions = {}): ProcessDef[] {
  const { stack } = settings;
  const bun = process.execPath;
  const env = baseEnv();
  // The real path: the service user may not be able to traverse the checkout (system.ts).
  const pgData = resolvedDataDir('pg');
  const me = userInfo().username;
  const ha = (options.ha ?? haProfileOn()) ? haProcesses(settings) : undefined;
  const defs: ProcessDef[] = [
    {
      name: 'postgres',
      group: 'postgres',
      // Every WAL segment archived into the stack's backup repository, from the first start.
      cmd: postgresCommand(pgData, stack.pgPort, settingArgs(localArchiveSettings(settings))),
      env: { PATH: env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
      port: stack.pgPort,
      listens: { STACK_PG_PORT: stack.pgPort },
      runsAs: serviceUserName(),
      cwd: pgData,
      probe: { kind: 'pg', port: stack.pgPort },
      dependsOn: [],
      // SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected, data is flushed.
      stopSignal: 'SIGINT',
      stopTimeoutMs: 30_000,
    },
    {
      name: 'valkey',
      group: 'valkey',
      cmd: [
        valkeyBinary(),
        '--port',
        String(stack.valkeyPort),
        '--bind',
        '127.0.0.1',
        '--dir',
        paths.valkey,
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--save',
        '',
        // BullMQ requires that nothing is ever evicted.
        '--maxmemory-policy',
        'noeviction',
        '--daemonize',
        'no',
        '--logfile',
        '',
      ],
      env: {},
      port: stack.valkeyPort,
      listens: { STACK_VALKEY_PORT: stack.valkeyPort },
      runsAs: me,
      cwd: paths.root,
      probe: { kind: 'redis', port: stack.valkeyPort },
      dependsOn: [],
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 15_000,
    },
    {
      name: 'smtp',
      group: 'smtp',
      cmd: [
        bun,
        join(paths.root, 'tools/stack/smtp-catcher.ts'),
        String(stack.smtpPort),
        paths.mail,
      ],
      env: { PATH: env.PATH ?? '/usr/bin:/bin' },
      port: stack.smtpPort,
      listens: { STACK_SMTP_PORT: stack.smtpPort },
      runsAs: me,
      cwd: paths.root,
      probe: { kind: 'greeting', port: stack.smtpPort, greeting: '220 ' },
      dependsOn: [],
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 5000,
    },
    {
      name: 'db-setup',
      group: 'db-setup',
      cmd: [bun, join(paths.root, 'tools/stack/db-setup.ts')],
      env,
      listens: {},
      runsAs: me,
      cwd: paths.root,
      probe: { kind: 'exit' },
      dependsOn: [ha ? HA_ENTRY : 'postgres'],
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 10_000,
      oneshot: true,
    },
  ];
  if (ha)
    defs.splice(
      defs.findIndex((d) => d.name === 'postgres'),
      1,
      ...ha.defs,
    );

  // Outside watch mode, the bundles of the sources as they are (./stack up and start build them),
  // as the image runs them; the sources while there are none. Asked at each spawn (a getter
  // below): a process started again after an edit never runs the bundle of the sources before it.
  const serviceCommand = (service: string) => {
    const bundles = options.watch ? undefined : currentBundles();
    return bundles
      ? [bun, join(bundles, service, 'main.js')]
      : [
          bun,
          ...(options.watch ? ['--watch', '--no-clear-screen'] : []),
          join(paths.root, `services/${service}/src/main.ts`),
        ];
  };
  const services = [
    { service: 'api', deps: ['db-setup', 'valkey'] },
    { service: 'ws', deps: ['db-setup', 'valkey'] },
    { service: 'worker', deps: ['db-setup', 'valkey', 'smtp'] },
  ] as const;
  for (const { service, deps } of services) {
    for (const n of INSTANCES) {
      const port = servicePort(settings, service, n);
      defs.push({
        name: `${service}-${n}`,
        group: service,
        get cmd() {
          return serviceCommand(service);
        },
        env: {
          ...env,
          ...(ha ? haServiceEnv(settings, ha.layout) : {}),
          INSTANCE_ID: `${service}-${n}`,
          HOST: '127.0.0.1',
          PORT: String(port),
        },
        port,
        listens: { STACK_PORT_BASE: port },
        runsAs: me,
        cwd: paths.root,
        probe: { kind: 'http', url: `http://127.0.0.1:${port}/health/ready` },
        dependsOn: deps,
        stopSignal: 'SIGTERM',
        stopTimeoutMs: 30_000,
        profilable: true,
      });
    }
  }

  // The SMTP ingress: one instance (one port: an MX host runs one per address), with STARTTLS on
  // the stack's certificate; after the api, whose start migrates the tables it records into.
  const inboundHealthPort = servicePort(settings, 'inbound', 1);
  defs.push({
    name: 'inbound-1',
    group: 'inbound',
    get cmd() {
      return serviceCommand('inbound');
    },
    env: {
      ...env,
      INSTANCE_ID: 'inbound-1',
      HOST: '127.0.0.1',
      PORT: String(inboundHealthPort),
      SMTP_INGRESS_HOST: '127.0.0.1',
      SMTP_INGRESS_PORT: String(stack.inboundPort),
      SMTP_INGRESS_TLS_CERT: join(paths.tls, 'localhost.crt'),
      SMTP_INGRESS_TLS_KEY: join(paths.tls, 'localhost.key'),
    },
    port: stack.inboundPort,
    listens: { STACK_INBOUND_PORT: stack.inboundPort, STACK_PORT_BASE: inboundHealthPort },
    runsAs: me,
    cwd: paths.root,
    probe: { kind: 'greeting', port: stack.inboundPort, greeting: '220 ' },
    dependsOn: defs.filter((d) => d.group === 'api').map((d) => d.name),
    stopSignal: 'SIGTERM',
    stopTimeoutMs: 30_000,
    profilable: true,
  });

  const nginx = which('nginx', ['/usr/sbin']);
  if (!nginx) throw new Error('nginx is not installed');
  defs.push({
    name: 'nginx',
    group: 'nginx',
    cmd: [
      nginx,
      '-e',
      'stderr',
      '-p',
      paths.nginx,
      '-c',
      join(paths.nginx, 'nginx.conf'),
      '-g',
      'daemon off;',
    ],
    env: {},
    port: stack.httpsPort,
    listens: { HTTPS_PORT: stack.httpsPort, HTTP_PORT: stack.httpPort },
    // The master runs as this user and reads the configuration and certificates; the workers
    // run as the service user and use only their temporary directories (bootstrap.ts).
    runsAs: serviceUserName(),
    cwd: paths.root,
    // Any HTTP answer counts (a 502 while api instances are stopped for a drill is nginx's).
    probe: {
      kind: 'https',
      url: `https://localhost:${stack.httpsPort}/health/live`,
      ca: paths.caCert,
    },
    // Started last, so that "ready" means the whole path through nginx answers.
    dependsOn: defs.filter((d) => d.group === 'api' || d.group === 'ws').map((d) => d.name),
    // SIGQUIT: graceful; workers finish their requests.
    stopSignal: 'SIGQUIT',
    stopTimeoutMs: 15_000,
  });
  if (options.monitoring ?? monitoringProfileOn())
    defs.push(...monitoringProcesses(settings, defs));
  return defs;
}

/** `api` → api-1, api-2; an exact name → itself. */
export function expandNames(defs: readonly ProcessDef[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const matches = defs.filter((d) => d.name === name || d.group === name).map((d) => d.name);
    if (matches.length === 0) {
      throw new Error(`unknown process "${name}"; known: ${defs.map((d) => d.name).join(', ')}`);
    }
    out.push(...matches);
  }
  return [...new Set(out)];
}
