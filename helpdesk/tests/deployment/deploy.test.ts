import { describe, expect, test } from 'bun:test';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AnyConfigGroup, loadConfig, wsRoutingConfig } from '@insightdesk/shared/config';
import { deploymentConfigGroups } from '../../../tests/support/deployment';
import { DATA, ROOT } from '../../../tests/support/stack';
import { stackConfig } from '../../../tools/stack/config';

// Parsed YAML/TOML, walked by the assertions below (a wrong shape fails them).
// biome-ignore lint/suspicious/noExplicitAny: see above
type Doc = Record<string, any>;

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
/** The role and the database of a postgres:// URL (compose's hold `${…:?…}` in the password). */
const roleOf = (url: string) => url.match(/^postgres(?:ql)?:\/\/([^:@/]+)[:@]/)?.[1];
const databaseOf = (url: string) => url.slice(url.lastIndexOf('/'));
const SERVICES = ['api', 'ws', 'worker', 'inbound'];

/**
 * What the image's entrypoint hands the process it starts for a command: a stub `bun` on PATH
 * prints its arguments and the database variables. It runs in `cwd` (the image's /app): by
 * default an empty directory, a checkout without bundles.
 */
function started(command: string, env: Record<string, string>, cwd?: string) {
  const bin = mkdtempSync(join(tmpdir(), 'insightdesk-entrypoint-'));
  try {
    writeFileSync(
      join(bin, 'bun'),
      [
        '#!/bin/sh',
        'printf "args=%s\\n" "$*"',
        'for v in DATABASE_OWNER_URL DATABASE_URL DB_MIGRATE_ON_START; do',
        '  printf "%s=%s\\n" "$v" "$(printenv "$v" || echo unset)"',
        'done',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    const run = Bun.spawnSync(['sh', join(ROOT, 'deploy/entrypoint.sh'), command], {
      env: { PATH: `${bin}:/usr/bin:/bin`, ...env },
      cwd: cwd ?? bin,
      stdout: 'pipe',
    });
    expect(run.exitCode).toBe(0);
    return Object.fromEntries(
      run.stdout
        .toString()
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}
/** A directory without env files: configurations loaded from the given variables only. */
const DATA_EMPTY = mkdtempSync(join(tmpdir(), 'insightdesk-env-'));

describe('deployment files (checked statically; ./stack drill containers builds and runs the image)', () => {
  test('Dockerfile: multi-stage on oven/bun, non-root, health check, command picks the service', () => {
    const dockerfile = read('deploy/Dockerfile');
    const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1] ?? '');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    // The base is a build argument (the container drill passes a local one), oven/bun by default.
    expect(stages.filter((s) => s === '$' + '{BASE_IMAGE}').length).toBeGreaterThanOrEqual(2);
    // oven/bun at the Bun the repository pins, by tag (and digest, once Renovate has written it:
    // then the tag stays beside it).
    const bun = JSON.parse(read('package.json')).packageManager.replace(/^bun@/, '');
    const base = dockerfile.match(/^ARG BASE_IMAGE=(\S+)(.*)$/m);
    expect(base?.[1]).toMatch(
      new RegExp(`^oven/bun:${bun.replaceAll('.', '\\.')}-slim(@sha256:[0-9a-f]{64})?$`),
    );
    if (base?.[1]?.includes('@sha256:')) expect(base[2]).toContain(`# oven/bun:${bun}-slim`);
    // OCI labels; the application is root's, read-only to the runtime user.
    for (const label of [
      'title',
      'description',
      'licenses',
      'source',
      'version',
      'revision',
      'base.name',
    ])
      expect(dockerfile).toContain(`org.opencontainers.image.${label}=`);
    expect(dockerfile).toContain('org.opencontainers.image.licenses="MIT"');
    expect(dockerfile).toMatch(/^COPY --from=build --chown=root:root \/app \/app$/m);
    expect(dockerfile).toContain('chmod -R u=rwX,go=rX /app');
    const user = dockerfile.match(/^USER\s+(\S+)/m)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*CMD \["bun", "deploy\/healthcheck.ts"\]/ms);
    expect(dockerfile).toContain('bun install --frozen-lockfile');
    // No compiler (a peer dependency) and no Sentry build tooling in production dependencies;
    // ./stack drill containers checks the built image.
    expect(dockerfile).toContain('bun install --frozen-lockfile --production --omit peer');
    expect(dockerfile).toContain('node_modules/.bun/@sentry+bundler-plugins@*');
    // Patched dependencies (the postgres.js null-socket guard): their patch files are in the build
    // context before the install, or `--frozen-lockfile` fails on a missing patch.
    const patched = Object.values<string>(
      JSON.parse(read('package.json')).patchedDependencies ?? {},
    );
    const copied = dockerfile.match(/^COPY patches patches\/$/m)?.index ?? Infinity;
    for (const patch of patched) expect(patch.startsWith('patches/')).toBe(true);
    if (patched.length > 0)
      expect(copied).toBeLessThan(dockerfile.indexOf('RUN bun install --frozen-lockfile'));
    for (const [, sources] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const source of (sources ?? '').split(/\s+/))
        expect(existsSync(join(ROOT, source))).toBe(true);
    }
    const bad = Bun.spawnSync(['sh', join(ROOT, 'deploy/entrypoint.sh'), 'nope'], {
      stderr: 'pipe',
    });
    expect(bad.exitCode).toBe(64);
    expect(bad.stderr.toString()).toContain(
      'expected api, ws, worker, inbound, migrate or rotate-keys',
    );
  });

  test('the entrypoint: only `migrate` keeps the owner of the schema; the services never see it', () => {
    const owner = 'postgres://insightdesk:owner-secret@db:5432/insightdesk';
    const app = 'postgres://insightdesk_app:app-secret@db:5432/insightdesk';
    const both = { DATABASE_URL: app, DATABASE_OWNER_URL: owner };
    expect(started('migrate', both)).toEqual({
      args: 'services/api/src/migrate-cli.ts',
      DATABASE_OWNER_URL: owner,
      DATABASE_URL: app,
      DB_MIGRATE_ON_START: 'unset',
    });
    for (const service of SERVICES) {
      // Fly.io's secrets and Railway's variables reach every process: the entrypoint drops it,
      // and the api leaves migrations to `migrate` (it could not run them as the services' role).
      expect(started(service, both)).toEqual({
        args: `services/${service}/src/main.ts`,
        DATABASE_OWNER_URL: 'unset',
        DATABASE_URL: app,
        DB_MIGRATE_ON_START: 'false',
      });
      // Picked by SERVICE (Railway) the same way.
      expect(started('', { ...both, SERVICE: service }).DATABASE_OWNER_URL).toBe('unset');
    }
    // An explicit choice stays; one role alone changes nothing.
    expect(started('api', { ...both, DB_MIGRATE_ON_START: 'true' }).DB_MIGRATE_ON_START).toBe(
      'true',
    );
    expect(started('api', { DATABASE_URL: app }).DB_MIGRATE_ON_START).toBe('unset');
  });

  test('the image builds each service into a bundle and the entrypoint runs it (the sources without one)', () => {
    const dockerfile = read('deploy/Dockerfile');
    expect(dockerfile).toMatch(/^RUN bun tools\/build-services\.ts$/m);
    // Built after the sources and the API reference asset it reads are in place.
    expect(dockerfile.indexOf('RUN bun tools/build-services.ts')).toBeGreaterThan(
      dockerfile.indexOf('COPY --from=docs-bundle'),
    );
    const app = mkdtempSync(join(tmpdir(), 'insightdesk-app-'));
    try {
      for (const service of SERVICES) {
        mkdirSync(join(app, 'dist', service), { recursive: true });
        writeFileSync(join(app, 'dist', service, 'main.js'), '');
        expect(started(service, {}, app).args).toBe(`dist/${service}/main.js`);
      }
      expect(started('migrate', {}, app).args).toBe('services/api/src/migrate-cli.ts');
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });

  test('docker-compose.yml: two database roles — `migrate` as the owner once, the services as the restricted role after it', () => {
    const compose = Bun.YAML.parse(read('docker-compose.yml')) as { services: Doc };
    const services = compose.services;
    const migrate = services.migrate;
    expect(migrate.command).toEqual(['migrate']);
    expect(migrate.restart).toBe('no');
    expect(migrate.depends_on.postgres.condition).toBe('service_healthy');
    const owner: string = migrate.environment.DATABASE_OWNER_URL;
    expect(owner).toBeDefined();
    // The owner is the database's POSTGRES_USER; the services' role is another one.
    expect(roleOf(owner)).toBe(services.postgres.environment.POSTGRES_USER);
    expect(roleOf(migrate.environment.DATABASE_URL)).not.toBe(roleOf(owner));
    expect(roleOf(owner)).toBeDefined();
    expect(databaseOf(migrate.environment.DATABASE_URL)).toBe(databaseOf(owner));
    const raw = read('docker-compose.yml');
    expect(raw).toMatch(/\$\{POSTGRES_APP_PASSWORD:\?/);
    const apps = Object.entries(services).filter(([, svc]) => SERVICES.includes(svc.command?.[0]));
    expect(apps.map(([name]) => name).sort()).toEqual([
      'api-1',
      'api-2',
      'inbound-1',
      'worker-1',
      'worker-2',
      'ws-1',
      'ws-2',
    ]);
    for (const [name, svc] of apps) {
      expect({ name, owner: svc.environment.DATABASE_OWNER_URL }).toEqual({
        name,
        owner: undefined,
      });
      expect(JSON.stringify(svc.environment)).not.toContain(owner);
      expect(roleOf(svc.environment.DATABASE_URL)).toBe(roleOf(migrate.environment.DATABASE_URL));
      expect(svc.environment.DB_MIGRATE_ON_START).toBe('false');
      expect(svc.depends_on.migrate.condition).toBe('service_completed_successfully');
    }
  });

  test('docker-compose.yml: nginx, PostgreSQL, Valkey and two instances of each service, with health-gated dependencies', () => {
    const compose = Bun.YAML.parse(read('docker-compose.yml')) as { services: Doc };
    const services = compose.services;
    for (const name of [
      'nginx',
      'postgres',
      'valkey',
      'api-1',
      'api-2',
      'ws-1',
      'ws-2',
      'worker-1',
      'worker-2',
    ]) {
      expect(services[name]).toBeDefined();
    }
    for (const name of ['postgres', 'valkey', 'nginx'])
      expect(services[name].healthcheck).toBeDefined();
    for (const role of ['api', 'ws', 'worker']) {
      for (const n of [1, 2]) {
        const svc = services[`${role}-${n}`];
        expect(svc.command).toEqual([role]);
        expect(svc.environment.INSTANCE_ID).toBe(`${role}-${n}`);
        expect(svc.build.dockerfile).toBe('deploy/Dockerfile');
        expect(svc.depends_on.postgres.condition).toBe('service_healthy');
        expect(svc.depends_on.valkey.condition).toBe('service_healthy');
        expect(svc.environment.NODE_ENV).toBe('production');
      }
    }
    for (const upstream of ['api-1', 'api-2', 'ws-1', 'ws-2']) {
      expect(services.nginx.depends_on[upstream].condition).toBe('service_healthy');
    }
    expect(services.valkey.command).toContain('noeviction');
    // Secrets have no defaults: compose refuses to start without them.
    const raw = read('docker-compose.yml');
    for (const secret of [
      'POSTGRES_PASSWORD',
      'JWT_KEYS',
      'INVITATION_SECRET',
      'FILE_SIGNING_SECRET',
      'ENCRYPTION_KEYS',
    ]) {
      expect(raw).toMatch(new RegExp(`\\$\\{${secret}:\\?`));
    }
    // The api and the workers share the file storage of the local driver.
    for (const name of ['api-1', 'worker-2'])
      expect(services[name].volumes).toContain('storage:/data/storage');
    expect(services.nginx.volumes).toContain('./nginx/templates:/etc/nginx/templates:ro');
  });

  test('the nginx template renders with the compose values and passes nginx -t, with and without IPv6', () => {
    const compose = Bun.YAML.parse(read('docker-compose.yml')) as { services: Doc };
    const script = 'nginx/docker-entrypoint.d/15-insightdesk-ipv6.envsh';
    expect(compose.services.nginx.volumes).toContain(
      `./${script}:/docker-entrypoint.d/15-insightdesk-ipv6.envsh:ro`,
    );
    // The image's entrypoint sources only executable *.envsh files, before 20-envsubst-on-templates.
    expect(statSync(join(ROOT, script)).mode & 0o111).not.toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'insightdesk-nginx-'));
    const noIpv6 = (ifInet6: string) =>
      Bun.spawnSync(['sh', '-c', `. ./${script} && printf %s "$NO_IPV6"`], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', IF_INET6: ifInet6 },
      }).stdout.toString();
    writeFileSync(join(dir, 'if_inet6-empty'), '');
    writeFileSync(
      join(dir, 'if_inet6-loopback'),
      '00000000000000000000000000000001 01 80 10 80       lo\n',
    );
    const renderings = {
      ipv6: noIpv6(join(dir, 'if_inet6-loopback')),
      'no IPv6 (an empty list)': noIpv6(join(dir, 'if_inet6-empty')),
      'no IPv6 (no list)': noIpv6(join(dir, 'missing')),
    };
    expect(renderings).toEqual({
      ipv6: '',
      'no IPv6 (an empty list)': '#',
      'no IPv6 (no list)': '#',
    });
    try {
      for (const [name, NO_IPV6] of Object.entries(renderings)) {
        const env: Record<string, string> = { ...compose.services.nginx.environment, NO_IPV6 };
        // nginx -t resolves upstream host names; the containers' names do not exist here.
        for (const key of ['API_1', 'API_2', 'WS_1', 'WS_2'])
          env[key] = (env[key] ?? '').replace(/^[^:]+/, '127.0.0.1');
        env.HTTPS_PORT = '18443';
        env.HTTP_PORT = '18080';
        env.TLS_CERT = join(DATA, 'tls', 'localhost.crt');
        env.TLS_KEY = join(DATA, 'tls', 'localhost.key');
        const template = read('nginx/templates/insightdesk.conf.template');
        const site = template.replace(/\$\{([A-Z0-9_]+)\}/g, (m, key: string) => env[key] ?? m);
        expect(site).not.toMatch(/\$\{[A-Z0-9_]+\}/);
        const listens = site.match(/^\s*listen .*$/gm)?.map((line) => line.trim());
        expect({ name, listens }).toEqual({
          name,
          listens:
            NO_IPV6 === ''
              ? [
                  'listen 18080;',
                  'listen [::]:18080;',
                  'listen 18443 ssl;',
                  'listen [::]:18443 ssl;',
                ]
              : ['listen 18080;', 'listen 18443 ssl;'],
        });
        writeFileSync(join(dir, 'site.conf'), site);
        writeFileSync(
          join(dir, 'nginx.conf'),
          `pid ${dir}/nginx.pid; error_log stderr; events {} http { include /etc/nginx/mime.types; access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir}; include ${dir}/site.conf; }`,
        );
        const result = Bun.spawnSync(['nginx', '-t', '-p', dir, '-c', join(dir, 'nginx.conf')], {
          stderr: 'pipe',
        });
        expect({ name, ok: result.stderr.toString().includes('test is successful') }).toEqual({
          name,
          ok: true,
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fly.toml: process groups, checks, public ports, concurrency, scaling and metrics', () => {
    const fly = Bun.TOML.parse(read('fly.toml')) as Doc;
    expect(Object.keys(fly.processes).sort()).toEqual(['api', 'inbound', 'worker', 'ws']);
    expect(fly.kill_signal).toBe('SIGINT');
    expect(Number.parseInt(fly.kill_timeout, 10)).toBeGreaterThan(
      Number(fly.env.SHUTDOWN_TIMEOUT_MS) / 1000,
    );
    expect(fly.http_service.processes).toEqual(['api']);
    expect(fly.http_service.checks[0].path).toBe('/health/ready');
    expect(fly.checks.worker_ready.processes).toEqual(['worker']);
    expect(fly.build.dockerfile).toBe('deploy/Dockerfile');
    expect(fly.deploy.release_command).toBe('migrate');
    // No nginx there: the client address comes from the header Fly's edge overwrites.
    expect(fly.env.CLIENT_IP_HEADER).toBe('Fly-Client-IP');
    // Long-polling sessions follow fly-replay to their Machine.
    expect(fly.env.WS_SESSION_AFFINITY).toBe('fly-replay');
    const [ws] = fly.services;
    expect(ws.processes).toEqual(['ws']);
    // The shared IPs serve 443 and 80 (another port needs a paid dedicated IPv4).
    expect(ws.ports.map((p: Doc) => p.port).sort()).toEqual([443, 80]);
    expect(ws.ports.find((p: Doc) => p.port === 443).handlers).toEqual(['tls', 'http']);
    // WebSockets are connections: flyctl's default soft limit (20) would be one Machine per 20.
    expect(ws.concurrency.type).toBe('connections');
    expect(ws.concurrency.soft_limit).toBeGreaterThanOrEqual(1000);
    expect(ws.concurrency.hard_limit).toBeGreaterThan(ws.concurrency.soft_limit);
    // min_machines_running means something only when machines may be stopped.
    for (const service of [fly.http_service, ...fly.services]) {
      if (service.min_machines_running !== undefined)
        expect(service.auto_stop_machines).not.toBe('off');
    }
    // Fly's Prometheus scrapes /metrics on every process group, on the port the services use.
    const [metrics] = fly.metrics;
    expect(metrics.port).toBe(Number(fly.env.PORT));
    expect(metrics.path).toBe('/metrics');
    expect(metrics.processes.sort()).toEqual(['api', 'inbound', 'worker', 'ws']);
  });

  test('fly.toml: two database roles — the release command migrates as the owner, the services never get it', () => {
    const fly = Bun.TOML.parse(read('fly.toml')) as Doc;
    const raw = read('fly.toml');
    expect(fly.deploy.release_command).toBe('migrate');
    // Both URLs are secrets of the app (Fly's secrets reach every process; the entrypoint test
    // above shows that only `migrate` keeps the owner's).
    const secrets = raw.match(/^# Secrets: fly secrets set ([\s\S]*?)\n(?!#\s{9})/m)?.[1] ?? '';
    expect(secrets).toContain('DATABASE_URL=');
    expect(secrets).toContain('DATABASE_OWNER_URL=');
    expect(fly.env.DATABASE_OWNER_URL).toBeUndefined();
    expect(fly.env.DB_MIGRATE_ON_START).toBe('false');
  });

  test('fly.toml: the SMTP ingress — a process group on TCP port 25, never stopped, checked, with STARTTLS files', () => {
    const fly = Bun.TOML.parse(read('fly.toml')) as Doc;
    expect(fly.processes.inbound).toBe('inbound');
    const smtp = fly.services.find((s: Doc) => s.processes.includes('inbound'));
    expect(smtp.processes).toEqual(['inbound']);
    expect(smtp.protocol).toBe('tcp');
    expect(smtp.internal_port).toBe(Number(fly.env.SMTP_INGRESS_PORT));
    // Port 25, raw TCP: no TLS or HTTP handler in front of STARTTLS.
    expect(smtp.ports).toEqual([{ port: 25 }]);
    expect(smtp.auto_stop_machines).toBe('off');
    expect(smtp.tcp_checks.length).toBe(1);
    expect(smtp.concurrency.type).toBe('connections');
    expect(fly.checks.inbound_ready.processes).toEqual(['inbound']);
    expect(fly.checks.inbound_ready.path).toBe('/health/ready');
    // The certificate files the ingress reads are written from secrets on its Machines only.
    const files = new Map(fly.files.map((f: Doc) => [f.guest_path, f]));
    for (const variable of ['SMTP_INGRESS_TLS_CERT', 'SMTP_INGRESS_TLS_KEY']) {
      const file = files.get(fly.env[variable]) as Doc;
      expect(file.processes).toEqual(['inbound']);
      expect(file.secret_name).toBeDefined();
    }
    expect(fly.vm[0].processes).toContain('inbound');
  });

  test('fly-autoscaler scales the worker group on the queue_jobs gauge the workers export', () => {
    const fly = Bun.TOML.parse(read('fly.toml')) as Doc;
    const scaler = Bun.TOML.parse(read('deploy/fly/autoscaler.toml')) as Doc;
    expect(scaler.env.FAS_APP_NAME).toBe(fly.app);
    expect(Object.keys(fly.processes)).toContain(scaler.env.FAS_PROCESS_GROUP);
    expect(scaler.env.FAS_PROCESS_GROUP).toBe('worker');
    const query: string = scaler.env.FAS_PROMETHEUS_QUERY;
    expect(query).toContain('queue_jobs{');
    expect(query).toContain('wait|prioritized');
    // The expression reads the metric the query is stored under, and stays within 1–3.
    expect(scaler.env.FAS_STARTED_MACHINE_COUNT).toContain(scaler.env.FAS_PROMETHEUS_METRIC_NAME);
    expect(scaler.env.FAS_STARTED_MACHINE_COUNT).toMatch(/^min\(3, max\(1, /);
    // The gauge and its states exist (shared/src/queues/queue-metrics.ts).
    const metrics = read('shared/src/queues/queue-metrics.ts');
    expect(metrics).toContain("name: 'queue_jobs'");
    expect(metrics).toMatch(/getJobCounts\('wait', 'prioritized'/);
  });

  test('railway.toml: Dockerfile build, readiness health check, restart policy; SERVICE picks the role', () => {
    const railway = Bun.TOML.parse(read('railway.toml')) as Doc;
    expect(railway.build.builder).toBe('DOCKERFILE');
    expect(existsSync(join(ROOT, railway.build.dockerfilePath))).toBe(true);
    expect(railway.deploy.healthcheckPath).toBe('/health/ready');
    expect(railway.deploy.restartPolicyType).toBe('ON_FAILURE');
    expect(railway.deploy.drainingSeconds).toBeGreaterThan(25);
    // Migrations before each deploy, as the owner (DATABASE_OWNER_URL, on every service: the
    // entrypoint hides it from the service itself); the SMTP ingress is a service too.
    expect(railway.deploy.preDeployCommand).toEqual(['/app/deploy/entrypoint.sh migrate']);
    const raw = read('railway.toml');
    expect(raw).toContain('SERVICE=api|ws|worker|inbound');
    expect(raw).toContain('DATABASE_OWNER_URL');
    expect(raw).toContain('SMTP_INGRESS_PORT=2525');
    // The entrypoint takes the role from SERVICE when no command is given (and says that it is
    // yours to set).
    const entrypoint = read('deploy/entrypoint.sh');
    expect(entrypoint).not.toMatch(/Railway sets/);
    const picked = Bun.spawnSync(['sh', join(ROOT, 'deploy/entrypoint.sh')], {
      env: { PATH: process.env.PATH ?? '', SERVICE: 'nope' },
      stderr: 'pipe',
    });
    expect(picked.exitCode).toBe(64);
    expect(picked.stderr.toString()).toContain("unknown service 'nope'");
  });

  test('each platform gets its session affinity from the variables it sets', () => {
    const affinity = (env: Record<string, string>) =>
      loadConfig({ routing: wsRoutingConfig }, { dir: DATA_EMPTY, env }).routing.affinity;
    expect(affinity({})).toBe('proxy');
    expect(affinity({ FLY_MACHINE_ID: '0e286039f42e86' })).toBe('fly-replay');
    expect(affinity({ RAILWAY_SERVICE_ID: 'c1ba1a7a-0b6c-4f0e-9d8a-6a3f1f2b0c11' })).toBe(
      'websocket-only',
    );
    expect(affinity({ RAILWAY_SERVICE_ID: 'x', WS_SESSION_AFFINITY: 'proxy' })).toBe('proxy');
    // fly-replay without a Machine to name is refused at startup.
    expect(() => affinity({ WS_SESSION_AFFINITY: 'fly-replay' })).toThrow(/FLY_MACHINE_ID/);
  });

  test('.env.example documents every configuration variable, and only those', () => {
    const groups: AnyConfigGroup[] = [...Object.values(deploymentConfigGroups), stackConfig];
    const declared = new Set(groups.flatMap((g) => Object.keys(g.env)));
    const documented = new Set(
      [...read('.env.example').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1] as string),
    );
    expect([...declared].filter((v) => !documented.has(v))).toEqual([]);
    expect([...documented].filter((v) => !declared.has(v))).toEqual([]);
  });
});
