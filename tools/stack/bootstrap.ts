import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureLocalBackups } from './backup/local';
import { say } from './output';
import { paths } from './paths';
import { superuserPassword } from './pg-superuser';
import { haProfileOn, prepareHaProfile } from './postgres-ha/profile';
import { type StackSettings, servicePort } from './settings';
import {
  asServiceUser,
  chownToServiceUser,
  hostHasIpv6,
  pgBinDir,
  serviceDataDir,
  serviceUser,
} from './system';

function run(cmd: string[], what: string, cwd = paths.root) {
  const result = Bun.spawnSync(cmd, { cwd, stdout: 'pipe', stderr: 'pipe' });
  if (result.exitCode !== 0) {
    throw new Error(`${what} failed:\n${result.stderr.toString()}${result.stdout.toString()}`);
  }
}

/** A local CA and a localhost certificate signed by it (tests and curl trust the CA file). */
function ensureTls() {
  mkdirSync(paths.tls, { recursive: true });
  if (existsSync(join(paths.tls, 'localhost.crt'))) return;
  say('creating a local CA and TLS certificate for localhost in .data/tls/');
  const ca = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run(
    [
      'openssl',
      'req',
      '-x509',
      ...ca,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '3650',
      '-subj',
      '/CN=InsightDesk local CA',
    ],
    'creating the CA',
    paths.tls,
  );
  run(
    [
      'openssl',
      'req',
      '-new',
      ...ca,
      '-keyout',
      'localhost.key',
      '-out',
      'localhost.csr',
      '-subj',
      '/CN=localhost',
    ],
    'creating the certificate request',
    paths.tls,
  );
  writeFileSync(
    join(paths.tls, 'localhost.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n',
  );
  run(
    [
      'openssl',
      'x509',
      '-req',
      '-in',
      'localhost.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'localhost.crt',
      '-days',
      '825',
      '-extfile',
      'localhost.ext',
    ],
    'signing the certificate',
    paths.tls,
  );
  chmodSync(join(paths.tls, 'ca.key'), 0o600);
  chmodSync(join(paths.tls, 'localhost.key'), 0o600);
}

/**
 * initdb of a cluster in `dir` (a directory of the service user's) as that user, its superuser
 * `postgres` with `password` (scram-sha-256). The password file lives beside `dir` only meanwhile.
 */
export function initPgCluster(dir: string, password: string) {
  const pwfile = join(dir, '..', `.pwfile-${process.pid}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  chownToServiceUser(pwfile);
  try {
    run(
      asServiceUser([
        join(pgBinDir(), 'initdb'),
        '-D',
        dir,
        '-U',
        'postgres',
        '--auth=scram-sha-256',
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C.UTF-8',
      ]),
      'initdb',
    );
  } finally {
    Bun.spawnSync(['rm', '-f', pwfile]);
  }
}

/** initdb into .data/pg as a non-root user, with a random superuser password kept in .data/. */
function ensurePgCluster() {
  const dir = serviceDataDir('pg');
  if (existsSync(join(dir, 'PG_VERSION'))) return;
  say(`initializing a PostgreSQL cluster in ${dir === paths.pg ? '.data/pg' : dir}`);
  initPgCluster(dir, superuserPassword());
}

function render(template: string, vars: Record<string, string | number>): string {
  const out = template.replace(/\$\{([A-Z0-9_]+)\}/g, (match, name: string) =>
    name in vars ? String(vars[name]) : match,
  );
  const left = out.match(/\$\{[A-Z0-9_]+\}/);
  if (left) throw new Error(`nginx template variable ${left[0]} has no value`);
  return out;
}

/**
 * Renders nginx/templates/*.template (shared with docker compose) into .data/nginx/. Every port
 * listens on IPv6 too where the host has it (`ipv6`, by default what the host says).
 */
export function renderNginx(
  settings: StackSettings,
  overrides: Record<string, string | number> = {},
  prefix = paths.nginx,
  /** nginx's temporary files (the service user's): by default a directory of .data/. */
  tmpDir?: string,
  ipv6 = hostHasIpv6(),
) {
  mkdirSync(prefix, { recursive: true });
  const tmp =
    tmpDir ??
    serviceDataDir(prefix === paths.nginx ? 'nginx-tmp' : `nginx-tmp-${Bun.hash(prefix)}`);
  for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    mkdirSync(join(tmp, sub), { recursive: true });
  chownToServiceUser(tmp);
  const user = serviceUser();
  const site = render(
    readFileSync(join(paths.root, 'nginx/templates/insightdesk.conf.template'), 'utf8'),
    {
      HTTPS_PORT: settings.stack.httpsPort,
      HTTP_PORT: settings.stack.httpPort,
      TLS_CERT: join(paths.tls, 'localhost.crt'),
      TLS_KEY: join(paths.tls, 'localhost.key'),
      API_1: `127.0.0.1:${servicePort(settings, 'api', 1)}`,
      API_2: `127.0.0.1:${servicePort(settings, 'api', 2)}`,
      WS_1: `127.0.0.1:${servicePort(settings, 'ws', 1)}`,
      WS_2: `127.0.0.1:${servicePort(settings, 'ws', 2)}`,
      BODY_LIMIT: settings.http.bodyLimitBytes,
      UPLOAD_LIMIT: settings.http.uploadLimitBytes,
      AUTH_RATE: settings.stack.nginxAuthRate,
      AUTH_BURST: settings.stack.nginxAuthBurst,
      NO_IPV6: ipv6 ? '' : '#',
      ...overrides,
    },
  );
  writeFileSync(join(prefix, 'insightdesk.conf'), site);
  const main = render(readFileSync(join(paths.root, 'nginx/nginx.local.conf.template'), 'utf8'), {
    PREFIX: prefix,
    TMP: tmp,
    USER_DIRECTIVE: user ? `user ${user.name};` : '',
    SITE_CONF: join(prefix, 'insightdesk.conf'),
  });
  writeFileSync(join(prefix, 'nginx.conf'), main);
}

/**
 * Everything the processes need on disk before they start. Idempotent and quiet when done. With
 * `ha` (by default what the running stack was started with) the HA profile's nodes and
 * configuration stand in for the single cluster and its backups.
 */
export function bootstrap(settings: StackSettings, options: { readonly ha?: boolean } = {}) {
  for (const dir of [paths.logs, paths.run, paths.valkey, paths.mail, paths.storage])
    mkdirSync(dir, { recursive: true });
  ensureTls();
  if (options.ha ?? haProfileOn()) prepareHaProfile(settings);
  else {
    ensurePgCluster();
    ensureLocalBackups(settings);
  }
  renderNginx(settings);
}
