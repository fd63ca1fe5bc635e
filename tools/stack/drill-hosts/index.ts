import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initPgCluster, renderNginx } from '../bootstrap';
import { DrillFailure, must } from '../drill-commands';
import { ok, say } from '../output';
import { paths } from '../paths';
import type { StackSettings } from '../settings';
import { asServiceUser, chownToServiceUser, pgBinDir, valkeyBinary, which } from '../system';
import { runChecks } from './checks';
import {
  claimTopology,
  createNetwork,
  psqlInside,
  reach,
  removeRun,
  runInside,
  sweepDeadRuns,
} from './network';
import { HostProcesses, localGet } from './processes';
import { type Host, PORTS, runDirectory, type Topology } from './topology';

// `./stack drill hosts`: the reference production topology spread over Linux network namespaces
// on this machine (an edge, two app hosts, a data host, the SMTP ingress's host, and the outside
// mail provider), each with the firewall table of topology.ts, then a smoke run through the edge,
// the firewall's refusals, a replica-served read, a mail from outside through the ingress that
// becomes a ticket, and the loss of one app host (checks.ts). Everything it creates is deleted at the end,
// whatever happened; the logs of the last run stay in .data/logs/drill-hosts/.

const key = () => randomBytes(33).toString('base64url');

/** The organizations' inbound addresses are `<slug>@` this domain (its MX: the inbound host). */
export const DRILL_INBOUND_DOMAIN = 'inbound.drill.example';

/** A CA of this run and the edge's certificate for its address. */
function edgeCertificate(dir: string, address: string): { ca: string; cert: string; key: string } {
  const tls = join(dir, 'tls');
  mkdirSync(tls, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const openssl = (args: string[], what: string) => must(['openssl', ...args], what);
  openssl(
    ['req', '-x509', ...ec, '-keyout', join(tls, 'ca.key'), '-out', join(tls, 'ca.crt')].concat([
      '-days',
      '1',
      '-subj',
      '/CN=InsightDesk hosts drill CA',
    ]),
    'creating the drill CA',
  );
  openssl(
    ['req', '-new', ...ec, '-keyout', join(tls, 'edge.key'), '-out', join(tls, 'edge.csr')].concat([
      '-subj',
      `/CN=${address}`,
    ]),
    'the edge certificate request',
  );
  writeFileSync(
    join(tls, 'edge.ext'),
    `subjectAltName=IP:${address}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`,
  );
  openssl(
    ['x509', '-req', '-in', join(tls, 'edge.csr'), '-CA', join(tls, 'ca.crt')]
      .concat(['-CAkey', join(tls, 'ca.key'), '-CAcreateserial', '-out', join(tls, 'edge.crt')])
      .concat(['-days', '1', '-extfile', join(tls, 'edge.ext')]),
    'signing the edge certificate',
  );
  chmodSync(join(tls, 'edge.key'), 0o600);
  return { ca: join(tls, 'ca.crt'), cert: join(tls, 'edge.crt'), key: join(tls, 'edge.key') };
}

/** A directory of the service user's (PostgreSQL refuses root). */
function serviceDir(path: string): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chownToServiceUser(path);
  return path;
}

async function startDataHost(
  t: Topology,
  processes: HostProcesses,
  dir: string,
  secrets: { appPassword: string; valkeyPassword: string },
): Promise<string> {
  const { appPassword, valkeyPassword } = secrets;
  const data = t.hosts.data;
  const superuserPassword = randomBytes(18).toString('hex');
  const pgBin = pgBinDir();
  const primary = serviceDir(join(dir, 'pg-primary'));
  initPgCluster(primary, superuserPassword);
  // The application role from the app hosts and the SMTP ingress only (the firewall refuses
  // everyone else anyway).
  const hba = [t.hosts.app1, t.hosts.app2, t.hosts.inbound]
    .map((h) => `host insightdesk insightdesk ${h.address}/32 scram-sha-256`)
    .join('\n');
  writeFileSync(
    join(primary, 'pg_hba.conf'),
    `${readFileSync(join(primary, 'pg_hba.conf'), 'utf8')}\n${hba}\n`,
  );
  const postgres = (dataDir: string, port: number) =>
    asServiceUser([
      join(pgBin, 'postgres'),
      '-D',
      dataDir,
      '-c',
      `port=${port}`,
      '-c',
      `listen_addresses=${data.address},127.0.0.1`,
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      'jit=off',
    ]);
  const pgEnv = { ...process.env, PGPASSWORD: superuserPassword } as Record<string, string>;
  const ready = (port: number) => () =>
    runInside(data, [join(pgBin, 'pg_isready'), '-q', '-h', '127.0.0.1', '-p', String(port)])
      .code === 0;
  const primaryProc = processes.start('postgres-primary', data, postgres(primary, PORTS.postgres));
  await processes.until('PostgreSQL primary ready', ready(PORTS.postgres), {
    process: primaryProc,
  });
  const psql = (sql: string) =>
    psqlInside(
      data,
      { port: PORTS.postgres, password: superuserPassword, database: 'postgres' },
      sql,
    );
  psql(`create role insightdesk login password '${appPassword}'`);
  psql('create database insightdesk owner insightdesk');

  // The streaming replica: a base backup of the primary with -R (standby.signal and the
  // primary's connection written into its configuration), started on its own port.
  const replica = serviceDir(join(dir, 'pg-replica'));
  await processes.once(
    'pg_basebackup',
    data,
    asServiceUser([
      join(pgBin, 'pg_basebackup'),
      '-h',
      '127.0.0.1',
      '-p',
      String(PORTS.postgres),
      '-U',
      'postgres',
      '-D',
      replica,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]),
    { env: pgEnv },
  );
  const replicaProc = processes.start('postgres-replica', data, postgres(replica, PORTS.replica));
  await processes.until('PostgreSQL replica ready', ready(PORTS.replica), { process: replicaProc });
  await processes.until(
    'the replica streaming from the primary',
    () => psql('select state from pg_stat_replication') === 'streaming',
  );
  ok(
    `data: PostgreSQL primary :${PORTS.postgres} and streaming replica :${PORTS.replica} (pg_basebackup -R)`,
  );

  const valkey = valkeyBinary();
  const roles = [
    // Queues, streams and presence: nothing may be evicted and writes survive a restart.
    { name: 'valkey-queue', port: PORTS.queueValkey, policy: 'noeviction', aof: 'yes' },
    // Cache and rate-limit counters: may evict, no persistence.
    { name: 'valkey-cache', port: PORTS.cacheValkey, policy: 'allkeys-lru', aof: 'no' },
  ];
  for (const role of roles) {
    const valkeyDir = join(dir, role.name);
    mkdirSync(valkeyDir, { recursive: true });
    const proc = processes.start(
      role.name,
      data,
      [valkey, '--port', String(role.port), '--bind', `${data.address} 127.0.0.1`]
        .concat(['--dir', valkeyDir, '--save', '', '--daemonize', 'no', '--logfile', ''])
        .concat(['--appendonly', role.aof, '--maxmemory', '256mb'])
        .concat(['--maxmemory-policy', role.policy])
        // Reachable from other hosts, so protected by a password (as a managed Valkey is).
        .concat(['--requirepass', valkeyPassword]),
    );
    const ping = ['redis-cli', '-p', String(role.port), '--no-auth-warning', '-a', valkeyPassword];
    await processes.until(
      `${role.name} ready`,
      () => runInside(data, [...ping, 'ping']).stdout.trim() === 'PONG',
      { process: proc },
    );
  }
  ok(
    `data: queue Valkey :${PORTS.queueValkey} (noeviction, AOF), cache Valkey :${PORTS.cacheValkey} (allkeys-lru)`,
  );
  return superuserPassword;
}

/** The app hosts' environment: production, fresh secrets, the data host's two Valkey stores. */
function appEnvironment(
  t: Topology,
  dir: string,
  secrets: { appPassword: string; valkeyPassword: string },
): Record<string, string> {
  const { appPassword, valkeyPassword } = secrets;
  const data = t.hosts.data.address;
  const valkey = (port: number) => `redis://:${valkeyPassword}@${data}:${port}`;
  const db = (port: number) => `postgres://insightdesk:${appPassword}@${data}:${port}/insightdesk`;
  const publicUrl = `https://${t.hosts.edge.address}`;
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    LANG: 'C.UTF-8',
    NODE_ENV: 'production',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    HOST: '0.0.0.0',
    PUBLIC_URL: publicUrl,
    CORS_ORIGINS: publicUrl,
    DATABASE_URL: db(PORTS.postgres),
    DATABASE_REPLICA_URLS: db(PORTS.replica),
    DB_MIGRATE_ON_START: 'false',
    VALKEY_URL: valkey(PORTS.queueValkey),
    VALKEY_QUEUE_URL: valkey(PORTS.queueValkey),
    VALKEY_CACHE_URL: valkey(PORTS.cacheValkey),
    SMTP_URL: `smtp://${t.hosts.mail.address}:${PORTS.smtp}`,
    JWT_KEYS: `drill:${key()}`,
    INVITATION_SECRET: key(),
    FILE_SIGNING_SECRET: key(),
    ENCRYPTION_KEYS: `drill:${randomBytes(32).toString('base64')}`,
    // One directory for both app hosts, as a shared bucket would be.
    STORAGE_DIR: join(dir, 'storage'),
    SHUTDOWN_TIMEOUT_MS: '5000',
    INBOUND_DOMAIN: DRILL_INBOUND_DOMAIN,
  };
}

/**
 * The SMTP ingress on its own host: port 25 for the Internet, health on its private port. It
 * needs only PostgreSQL (the firewall lets it reach nothing else): a mail is recorded with its
 * outbox event before the 250, and the app hosts' workers take it from there.
 */
async function startInbound(
  t: Topology,
  processes: HostProcesses,
  dir: string,
  env: Record<string, string>,
): Promise<void> {
  const host = t.hosts.inbound;
  const proc = processes.start(
    'inbound-smtp',
    host,
    [process.execPath, join(paths.root, 'services/inbound/src/main.ts')],
    {
      env: {
        ...env,
        INSTANCE_ID: 'inbound-1',
        PORT: String(PORTS.inboundHealth),
        SMTP_INGRESS_PORT: String(PORTS.smtpIngress),
        SMTP_INGRESS_HOSTNAME: `mx.${DRILL_INBOUND_DOMAIN}`,
      },
      cwd: join(dir, 'app'),
    },
  );
  await processes.until(
    'the SMTP ingress ready',
    () => localGet(host, PORTS.inboundHealth, '/health/ready').ok,
    { process: proc, timeoutMs: 180_000 },
  );
  ok(`inbound: SMTP ingress :${PORTS.smtpIngress} (health :${PORTS.inboundHealth}) ready`);
}

async function startAppHosts(
  t: Topology,
  processes: HostProcesses,
  dir: string,
  env: Record<string, string>,
): Promise<void> {
  const bun = process.execPath;
  const cwd = join(dir, 'app');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(env.STORAGE_DIR ?? join(dir, 'storage'), { recursive: true });
  await processes.once(
    'migrate',
    t.hosts.app1,
    [bun, join(paths.root, 'services/api/src/migrate-cli.ts')],
    // Every migration of both sets on a fresh database: minutes on a loaded machine.
    { env, cwd, timeoutMs: 240_000 },
  );
  ok('migrations applied from app1');
  const started: {
    host: Host;
    service: 'api' | 'ws' | 'worker';
    proc: ReturnType<HostProcesses['start']>;
  }[] = [];
  for (const [n, host] of [
    [1, t.hosts.app1],
    [2, t.hosts.app2],
  ] as const) {
    for (const service of ['api', 'ws', 'worker'] as const) {
      const proc = processes.start(
        `${host.role}-${service}`,
        host,
        [bun, join(paths.root, `services/${service}/src/main.ts`)],
        // ws-1/ws-2: the instance names nginx's sticky cookie routes on.
        { env: { ...env, INSTANCE_ID: `${service}-${n}`, PORT: String(PORTS[service]) }, cwd },
      );
      started.push({ host, service, proc });
    }
  }
  const waited = await Promise.all(
    started.map(({ host, service, proc }) =>
      processes.until(
        `${proc.name} ready`,
        () => localGet(host, PORTS[service], '/health/ready').ok,
        // Six services starting at once: slow on a loaded machine.
        { process: proc, timeoutMs: 180_000 },
      ),
    ),
  );
  ok(
    `app1, app2: api :${PORTS.api}, ws :${PORTS.ws}, worker :${PORTS.worker} ready (slowest ${(Math.max(...waited) / 1000).toFixed(1)} s)`,
  );
}

async function startEdge(
  t: Topology,
  processes: HostProcesses,
  dir: string,
  settings: StackSettings,
  tls: { ca: string; cert: string; key: string },
): Promise<void> {
  const nginx = which('nginx', ['/usr/sbin']);
  if (!nginx) throw new DrillFailure('nginx is not installed');
  const prefix = join(dir, 'nginx');
  const tmp = join(dir, 'nginx-tmp');
  mkdirSync(tmp, { recursive: true });
  const upstream = (host: Host, port: number) => `${host.address}:${port}`;
  renderNginx(
    settings,
    {
      HTTPS_PORT: PORTS.https,
      HTTP_PORT: PORTS.http,
      TLS_CERT: tls.cert,
      TLS_KEY: tls.key,
      API_1: upstream(t.hosts.app1, PORTS.api),
      API_2: upstream(t.hosts.app2, PORTS.api),
      WS_1: upstream(t.hosts.app1, PORTS.ws),
      WS_2: upstream(t.hosts.app2, PORTS.ws),
    },
    prefix,
    tmp,
    // The topology's addresses are IPv4 (one /24): its edge listens on IPv4 only.
    false,
  );
  const proc = processes.start('edge-nginx', t.hosts.edge, [
    nginx,
    '-e',
    'stderr',
    '-p',
    prefix,
    '-c',
    join(prefix, 'nginx.conf'),
    '-g',
    'daemon off;',
  ]);
  const ca = readFileSync(tls.ca, 'utf8');
  await processes.until(
    'the edge answering /health/ready over TLS',
    async () => {
      try {
        const res = await fetch(`https://${t.hosts.edge.address}/health/ready`, { tls: { ca } });
        return res.status === 200;
      } catch {
        return false;
      }
    },
    { process: proc },
  );
  ok(
    `edge: nginx from nginx/templates, TLS on :${PORTS.https} (certificate for ${t.hosts.edge.address})`,
  );
}

export async function drillHosts(settings: StackSettings): Promise<string> {
  const started = Date.now();
  const swept = sweepDeadRuns();
  if (swept.length > 0) ok(`removed what earlier drills left: runs ${swept.join(', ')}`);
  const { topology: t, claim } = claimTopology();
  const dir = runDirectory(t.runId);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const processes = new HostProcesses(logs);
  const kept = join(paths.logs, 'drill-hosts');
  let cleaned = false;
  const cleanup = () => {
    if (cleaned) return;
    cleaned = true;
    processes.killAll();
    rmSync(kept, { recursive: true, force: true });
    mkdirSync(paths.logs, { recursive: true });
    cpSync(logs, kept, { recursive: true });
    removeRun(t.runId, claim);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    cleanup();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  say(`hosts drill: run ${t.runId}, subnet ${t.subnet}, namespaces idh-${t.runId}-*`);
  try {
    createNetwork(t);
    ok(
      `network: edge ${t.hosts.edge.address}, app1 ${t.hosts.app1.address}, app2 ${t.hosts.app2.address}, data ${t.hosts.data.address}, inbound ${t.hosts.inbound.address}, mail ${t.hosts.mail.address}; this machine ${t.outsideAddress}; the firewall table on each`,
    );
    const tls = edgeCertificate(dir, t.hosts.edge.address);
    const secrets = {
      appPassword: randomBytes(18).toString('hex'),
      valkeyPassword: randomBytes(18).toString('hex'),
    };
    const superuserPassword = await startDataHost(t, processes, dir, secrets);
    const mailDir = join(dir, 'mail');
    const smtp = processes.start('mail-smtp', t.hosts.mail, [
      process.execPath,
      join(paths.root, 'tools/stack/smtp-catcher.ts'),
      String(PORTS.smtp),
      mailDir,
      t.hosts.mail.address,
    ]);
    await processes.until(
      'the SMTP catcher listening',
      async () => (await reach(t.hosts.mail, t.hosts.mail.address, PORTS.smtp)) === 'open',
      { process: smtp },
    );
    ok(`mail: SMTP catcher :${PORTS.smtp} (the outside provider)`);
    const env = appEnvironment(t, dir, secrets);
    await startAppHosts(t, processes, dir, env);
    await startInbound(t, processes, dir, env);
    await startEdge(t, processes, dir, settings, tls);
    const findings = await runChecks({
      topology: t,
      processes,
      caFile: tls.ca,
      baseUrl: `https://${t.hosts.edge.address}`,
      mailDir,
      superuserPassword,
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    return `hosts drill passed in ${seconds} s: ${findings.join('; ')}`;
  } catch (err) {
    // Whatever went wrong (a setup step's own error included) ends in the one summary line.
    if (err instanceof DrillFailure) throw err;
    throw new DrillFailure(err instanceof Error ? err.message : String(err));
  } finally {
    await processes.stopAll(3000);
    cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    ok(
      `removed namespaces idh-${t.runId}-*, the link and ${dir} (logs kept in .data/logs/drill-hosts/)`,
    );
  }
}
