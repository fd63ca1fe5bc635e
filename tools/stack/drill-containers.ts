import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbConfig, loadConfig, mailConfig, valkeyConfig } from '@insightdesk/shared/config';
import { RedisClient } from 'bun';
import { DrillFailure, must, run } from './drill-commands';
import { ok, say } from './output';
import { paths } from './paths';
import { superuser } from './pg-superuser';
import type { StackSettings } from './settings';

// `./stack drill containers`: the production image built from deploy/Dockerfile with podman and
// run against the local stack's PostgreSQL, Valkey and SMTP catcher (host networking), the way
// an orchestrator runs it: read-only root, writable /tmp and /data/storage, its HEALTHCHECK,
// SIGTERM to stop. No image registry is reachable here, so the base image (Debian bookworm
// minbase from the apt mirror, plus the pinned Bun from npm) is assembled locally, once, and
// passed to the Dockerfile as BASE_IMAGE.

const SERVICES = ['api', 'ws', 'worker'] as const;
const IMAGE = 'localhost/insightdesk:drill';
const DEADLINE_MS = 10_000;

/** The soft limits of this process: podman may not set any limit above them here. */
function ulimitFlags(): string[] {
  const [files = '1024', processes = '1024'] = must(
    ['bash', '-c', 'ulimit -Sn; ulimit -Su'],
    'reading the limits',
  )
    .trim()
    .split('\n');
  const cap = (value: string, max: number) =>
    value === 'unlimited' ? max : Math.min(Number(value), max);
  const n = cap(files, 65_536);
  const p = cap(processes, 4096);
  return ['--ulimit', `nofile=${n}:${n}`, '--ulimit', `nproc=${p}:${p}`];
}

/** The Debian mirror apt uses here (deb822 or one-line sources). */
function debianMirror(): string {
  for (const file of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const uri =
      text.match(/^URIs:\s*(\S+\/debian)\/?\s*$/m)?.[1] ??
      text.match(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\/?\s+bookworm\s/m)?.[1];
    if (uri) return uri;
  }
  return 'http://deb.debian.org/debian';
}

/** This machine's CA bundle: its egress may present certificates of a local CA. */
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
/** Bumped when the recipe below changes, so that a cached base image is rebuilt. */
const BASE_RECIPE = 2;

/**
 * Unmounts whatever is mounted inside `root`, deepest first: debootstrap may leave the target's
 * /proc mounted, which `tar` cannot pack and `rm` cannot remove.
 */
function unmountUnder(root: string): void {
  const targets = run(['findmnt', '-rno', 'TARGET'])
    .stdout.split('\n')
    .filter((target) => target.startsWith(`${root}/`))
    .sort((a, b) => b.length - a.length);
  for (const target of targets) must(['umount', '-l', target], `unmounting ${target}`);
}

/** Debian bookworm minbase + Bun, imported into podman; kept between runs. */
function baseImage(bunVersion: string): string {
  const name = `localhost/insightdesk-base:bookworm-bun-${bunVersion}-r${BASE_RECIPE}`;
  if (run(['podman', 'image', 'exists', name]).code === 0) {
    ok(`base image ${name} (cached)`);
    return name;
  }
  const bun = process.execPath;
  const version = must([bun, '--version'], 'bun --version').trim();
  if (version !== bunVersion)
    throw new DrillFailure(`bun is ${version}, the image needs ${bunVersion}`);
  const root = join(paths.data, 'drill', 'rootfs');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  try {
    const mirror = debianMirror();
    say(`assembling the base image: debootstrap --variant=minbase bookworm from ${mirror}`);
    must(
      ['debootstrap', '--variant=minbase', 'bookworm', root, mirror],
      'debootstrap (see the apt mirror)',
    );
    unmountUnder(root);
    // What oven/bun's images provide: bun (and bunx) on the PATH, a user `bun` with uid 1000.
    must(['install', '-m', '0755', bun, join(root, 'usr/local/bin/bun')], 'installing bun');
    must(['ln', '-sf', 'bun', join(root, 'usr/local/bin/bunx')], 'linking bunx');
    writeFileSync(join(root, 'etc/passwd'), 'bun:x:1000:1000::/home/bun:/bin/sh\n', {
      flag: 'a',
    });
    writeFileSync(join(root, 'etc/group'), 'bun:x:1000:\n', { flag: 'a' });
    mkdirSync(join(root, 'home/bun'), { recursive: true });
    must(['chown', '1000:1000', join(root, 'home/bun')], 'chown /home/bun');
    // Trust what this machine trusts (minbase has no CA store; `bun install` in the build
    // reaches the npm registry through this machine's egress).
    if (existsSync(CA_BUNDLE)) {
      mkdirSync(join(root, 'etc/ssl/certs'), { recursive: true });
      must(['install', '-m', '0644', CA_BUNDLE, join(root, CA_BUNDLE)], 'installing the CA bundle');
    }
    for (const dir of ['var/cache/apt/archives', 'var/lib/apt/lists'])
      must(['find', join(root, dir), '-type', 'f', '-delete'], `emptying ${dir}`);
    const tar = join(paths.data, 'drill', 'rootfs.tar');
    must(['tar', '-C', root, '-cf', tar, '.'], 'packing the root file system');
    must(
      [
        'podman',
        'import',
        '--change',
        'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        '--change',
        `ENV NODE_EXTRA_CA_CERTS=${CA_BUNDLE}`,
        tar,
        name,
      ],
      'podman import',
    );
    rmSync(tar, { force: true });
  } finally {
    // Cleanup must not hide why the assembly failed: a mount left behind is only reported.
    try {
      unmountUnder(root);
      rmSync(root, { recursive: true, force: true });
    } catch (err) {
      console.error(`drill: ${root} not removed: ${err instanceof Error ? err.message : err}`);
    }
  }
  ok(`base image ${name} assembled`);
  return name;
}

function imageSize(image: string): number {
  return Number(must(['podman', 'image', 'inspect', '--format', '{{.Size}}', image], 'size'));
}

const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

/** Builds deploy/Dockerfile of `context` on `base`; the build log goes to .data/logs. */
function buildImage(options: {
  context: string;
  base: string;
  tag: string;
  ulimits: readonly string[];
}): number {
  const log = join(paths.logs, 'drill-build.log');
  say(`building ${options.tag} from ${options.context}/deploy/Dockerfile (log: ${log})`);
  const result = run([
    'podman',
    'build',
    '--runtime',
    'runc',
    '--format',
    'docker',
    '--network',
    'host',
    '--pull=never',
    ...options.ulimits,
    '--build-arg',
    `BASE_IMAGE=${options.base}`,
    '-f',
    join(options.context, 'deploy/Dockerfile'),
    '-t',
    options.tag,
    options.context,
  ]);
  mkdirSync(paths.logs, { recursive: true });
  writeFileSync(log, result.stdout + result.stderr);
  if (result.code !== 0)
    throw new DrillFailure(`podman build failed: ${result.stderr.trim().slice(-1500)}`);
  return imageSize(options.tag);
}

const DRILL_ROLE = 'insightdesk_drill';

/**
 * Production refuses the development database URL (its password is public), so the containers
 * get a login role of their own with a fresh password, a member of the role that owns the schema
 * (the image's one-shot `migrate` creates in it; the containers then run as one role, the audit
 * log guarded by its triggers alone: docs/deployment.md#database-roles); dropped after the drill.
 */
async function drillDatabase(settings: StackSettings, appUrl: string) {
  const admin = superuser(settings.stack.pgPort);
  const url = new URL(appUrl);
  const appRole = decodeURIComponent(url.username).replaceAll('"', '""');
  const password = randomBytes(24).toString('base64url');
  try {
    await admin.unsafe(`drop role if exists ${DRILL_ROLE}`);
    await admin.unsafe(
      `create role ${DRILL_ROLE} login password '${password}' in role "${appRole}"`,
    );
  } finally {
    await admin.end();
  }
  url.username = DRILL_ROLE;
  url.password = password;
  return {
    url: url.toString(),
    async drop() {
      const sql = superuser(settings.stack.pgPort);
      try {
        await sql.unsafe(
          `select pg_terminate_backend(pid) from pg_stat_activity where usename = '${DRILL_ROLE}'`,
        );
        await sql.unsafe(`drop role if exists ${DRILL_ROLE}`);
      } finally {
        await sql.end();
      }
    },
  };
}

/**
 * Valkey the same way: an ACL user of the drill's own with a fresh password (the local Valkey's
 * default user has none, which production refuses), deleted after the drill.
 */
async function drillValkey(appUrl: string) {
  const password = randomBytes(24).toString('base64url');
  const client = new RedisClient(appUrl);
  await client.send('ACL', [
    'SETUSER',
    DRILL_ROLE,
    'reset',
    'on',
    `>${password}`,
    '~*',
    '&*',
    '+@all',
  ]);
  client.close();
  const url = new URL(appUrl);
  url.username = DRILL_ROLE;
  url.password = password;
  return {
    url: url.toString(),
    async drop() {
      const admin = new RedisClient(appUrl);
      await admin.send('ACL', ['DELUSER', DRILL_ROLE]);
      admin.close();
    },
  };
}

/** What the containers get: production mode, fresh secrets, the local stack's data services. */
function environment(
  settings: StackSettings,
  urls: { database: string; valkey: string },
): Record<string, string> {
  const local = loadConfig({ mail: mailConfig }, { dir: paths.root });
  // The catcher takes any credentials; production refuses the development URL without them.
  const smtp = new URL(local.mail.smtpUrl);
  smtp.username = DRILL_ROLE;
  smtp.password = randomBytes(12).toString('base64url');
  const key = () => randomBytes(33).toString('base64url');
  const publicUrl = `https://localhost:${settings.stack.httpsPort}`;
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
    PUBLIC_URL: publicUrl,
    CORS_ORIGINS: publicUrl,
    DATABASE_URL: urls.database,
    VALKEY_URL: urls.valkey,
    SMTP_URL: smtp.toString(),
    JWT_KEYS: `drill:${key()}`,
    INVITATION_SECRET: key(),
    FILE_SIGNING_SECRET: key(),
    ENCRYPTION_KEYS: `drill:${randomBytes(32).toString('base64')}`,
    STORAGE_DIR: '/data/storage',
    SHUTDOWN_TIMEOUT_MS: String(DEADLINE_MS),
    CLIENT_IP_HEADER: 'none',
  };
}

/** Build-time tooling that must not ship (package folders of bun's store, by name). */
const NOT_SHIPPED = [
  /^typescript@/,
  /^@typescript\+/,
  /^sentry@/,
  /^@sentry\+bundler-plugins@/,
  /^oxc-parser@/,
  /^@oxc-parser\+/,
];

function shippedTooling(ulimits: readonly string[]): string[] {
  const store = must(
    [
      'podman',
      'run',
      '--rm',
      '--runtime',
      'runc',
      ...ulimits,
      '--entrypoint',
      'ls',
      IMAGE,
      '/app/node_modules/.bun',
    ],
    "listing the image's packages",
  );
  return store.split('\n').filter((name) => NOT_SHIPPED.some((pattern) => pattern.test(name)));
}

/** Files of /app the runtime user could change (none: they are root's), and /app's owner. */
function writableApplication(ulimits: readonly string[]): { writable: string; owner: string } {
  const out = must(
    [
      'podman',
      'run',
      '--rm',
      '--runtime',
      'runc',
      ...ulimits,
      '--entrypoint',
      'sh',
      IMAGE,
      '-c',
      'stat -c %U /app; find /app -writable -print | head -n 5',
    ],
    'listing what the runtime user can write',
  ).split('\n');
  return { owner: out[0]?.trim() ?? '', writable: out.slice(1).filter(Boolean).join(', ') };
}

const containerName = (service: string) => `insightdesk-drill-${service}`;

function removeContainers() {
  for (const service of [...SERVICES, 'migrate'])
    run(['podman', 'rm', '--force', '--time', '0', containerName(service)]);
}

async function waitHealthy(name: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (run(['podman', 'healthcheck', 'run', name]).code === 0) {
      const state = JSON.parse(
        must(['podman', 'inspect', '--format', '{{json .State}}', name], 'inspect'),
      );
      const status = state.Health?.Status ?? state.Healthcheck?.Status;
      if (status === 'healthy') return Date.now() - started;
    }
    const running = must(['podman', 'inspect', '--format', '{{.State.Running}}', name], 'inspect');
    if (running.trim() !== 'true') {
      const logs = run(['podman', 'logs', '--tail', '20', name]);
      throw new DrillFailure(
        `${name} exited before turning healthy:\n${logs.stdout}${logs.stderr}`,
      );
    }
    if (Date.now() - started > timeoutMs)
      throw new DrillFailure(`${name} not healthy after ${timeoutMs / 1000} s`);
    await Bun.sleep(500);
  }
}

/** The user PID 1 (the service itself: the entrypoint execs it) runs as. */
function processUid(name: string): number {
  const status = must(['podman', 'exec', name, 'cat', '/proc/1/status'], 'reading /proc/1/status');
  const uids = status.match(/^Uid:\s+(\d+)\s+(\d+)/m);
  const command = must(['podman', 'exec', name, 'cat', '/proc/1/comm'], 'reading /proc/1/comm');
  if (command.trim() !== 'bun')
    throw new DrillFailure(`${name}: PID 1 is ${command.trim()}, not bun`);
  return Math.max(Number(uids?.[1] ?? 0), Number(uids?.[2] ?? 0));
}

/** SIGTERM, then how long until it ended and with which code. */
async function terminate(name: string): Promise<{ ms: number; code: number }> {
  const started = Date.now();
  must(['podman', 'kill', '--signal', 'TERM', name], `SIGTERM to ${name}`);
  const proc = Bun.spawn(['podman', 'wait', name], { stdout: 'pipe', stderr: 'pipe' });
  const out = await new Response(proc.stdout).text();
  await proc.exited;
  return { ms: Date.now() - started, code: Number(out.trim().split('\n').pop()) };
}

export async function drillContainers(settings: StackSettings): Promise<string> {
  const version = must(['podman', '--version'], 'podman --version').trim();
  say(`container drill with ${version}`);
  const ulimits = ulimitFlags();
  const bunVersion = JSON.parse(
    readFileSync(join(paths.root, 'package.json'), 'utf8'),
  ).packageManager.replace(/^bun@/, '');
  const base = baseImage(bunVersion);
  const size = buildImage({ context: paths.root, base, tag: IMAGE, ulimits });
  ok(`image ${IMAGE}: ${mb(size)} (base ${mb(imageSize(base))})`);
  const tooling = shippedTooling(ulimits);
  if (tooling.length > 0)
    throw new DrillFailure(`the image ships build tooling: ${tooling.join(', ')}`);
  ok('no TypeScript compiler, no Sentry CLI or bundler plugins in the image');
  const application = writableApplication(ulimits);
  if (application.owner !== 'root' || application.writable !== '')
    throw new DrillFailure(
      `/app is ${application.owner}'s; the runtime user can write: ${application.writable || 'nothing'}`,
    );
  ok('/app is root’s and read-only to the runtime user');

  const dir = join(paths.data, 'drill');
  mkdirSync(dir, { recursive: true });
  const envFile = join(dir, 'containers.env');
  const local = loadConfig({ db: dbConfig, valkey: valkeyConfig }, { dir: paths.root });
  const database = await drillDatabase(settings, local.db.ownerUrl);
  const valkey = await drillValkey(local.valkey.url);
  writeFileSync(
    envFile,
    Object.entries(environment(settings, { database: database.url, valkey: valkey.url }))
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  );
  chmodSync(envFile, 0o600);
  const common = [
    '--runtime',
    'runc',
    '--network',
    'host',
    ...ulimits,
    '--read-only',
    '--tmpfs',
    '/tmp:rw,mode=1777',
    '--tmpfs',
    '/data/storage:rw,mode=1777',
    '--env-file',
    envFile,
  ];
  removeContainers();
  try {
    say('migrate: the image’s one-shot command');
    const migrate = run([
      'podman',
      'run',
      '--name',
      containerName('migrate'),
      ...common,
      IMAGE,
      'migrate',
    ]);
    if (migrate.code !== 0)
      throw new DrillFailure(`migrate exited ${migrate.code}: ${migrate.stderr.slice(-1500)}`);
    ok('migrate exited 0');

    const ports = { api: 40, ws: 41, worker: 42 };
    for (const service of SERVICES) {
      must(
        [
          'podman',
          'run',
          '--detach',
          '--name',
          containerName(service),
          ...common,
          '--env',
          `PORT=${settings.stack.portBase + ports[service]}`,
          '--env',
          `INSTANCE_ID=drill-${service}`,
          IMAGE,
          service,
        ],
        `starting ${service}`,
      );
    }
    const healthy = await Promise.all(SERVICES.map((s) => waitHealthy(containerName(s), 90_000)));
    SERVICES.forEach((s, i) => {
      ok(
        `${s.padEnd(6)} healthy after ${((healthy[i] ?? 0) / 1000).toFixed(1)} s (podman healthcheck run)`,
      );
    });
    const uids = SERVICES.map((s) => processUid(containerName(s)));
    if (uids.some((uid) => uid === 0)) throw new DrillFailure(`a service runs as root: ${uids}`);
    ok(`non-root: uid ${[...new Set(uids)].join(', ')} (PID 1 is bun), read-only root file system`);
    const stops = await Promise.all(SERVICES.map((s) => terminate(containerName(s))));
    stops.forEach((stop, i) => {
      if (stop.code !== 0 || stop.ms > DEADLINE_MS)
        throw new DrillFailure(
          `${SERVICES[i]}: SIGTERM ended it with ${stop.code} after ${stop.ms} ms`,
        );
    });
    ok(
      `SIGTERM: exit 0 in ${stops.map((s, i) => `${SERVICES[i]} ${(s.ms / 1000).toFixed(1)} s`).join(', ')} (deadline ${DEADLINE_MS / 1000} s)`,
    );
    return `containers drill passed: image ${mb(size)}; api, ws, worker healthy, uid ${uids[0]}, SIGTERM → exit 0 within ${(Math.max(...stops.map((s) => s.ms)) / 1000).toFixed(1)} s`;
  } finally {
    removeContainers();
    rmSync(envFile, { force: true });
    await database.drop().catch(() => undefined);
    await valkey.drop().catch(() => undefined);
  }
}
