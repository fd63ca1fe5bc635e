import { describe, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AnyConfigGroup, allConfigGroups } from '@insightdesk/shared/config';
import { stackConfig } from '../../tools/stack/config';
import { DATA, ROOT } from '../support/stack';

// Parsed YAML/TOML, walked by the assertions below (a wrong shape fails them).
// biome-ignore lint/suspicious/noExplicitAny: see above
type Doc = Record<string, any>;

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('deployment files (checked statically: no Docker engine here)', () => {
  test('Dockerfile: multi-stage on oven/bun, non-root, health check, command picks the service', () => {
    const dockerfile = read('deploy/Dockerfile');
    const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1] ?? '');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.filter((s) => s.startsWith('oven/bun:')).length).toBeGreaterThanOrEqual(2);
    const user = dockerfile.match(/^USER\s+(\S+)/m)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*CMD \["bun", "deploy\/healthcheck.ts"\]/ms);
    expect(dockerfile).toContain('bun install --frozen-lockfile');
    for (const [, sources] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const source of (sources ?? '').split(/\s+/))
        expect(existsSync(join(ROOT, source))).toBe(true);
    }
    const bad = Bun.spawnSync(['sh', join(ROOT, 'deploy/entrypoint.sh'), 'nope'], {
      stderr: 'pipe',
    });
    expect(bad.exitCode).toBe(64);
    expect(bad.stderr.toString()).toContain('expected api, ws, worker, migrate or rotate-keys');
  });

  test('docker-compose.yml: the spec topology with health-gated dependencies', () => {
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

  test('the nginx template renders with the compose values and passes nginx -t', () => {
    const compose = Bun.YAML.parse(read('docker-compose.yml')) as { services: Doc };
    const env: Record<string, string> = { ...compose.services.nginx.environment };
    // nginx -t resolves upstream host names; the containers' names do not exist here.
    for (const key of ['API_1', 'API_2', 'WS_1', 'WS_2'])
      env[key] = (env[key] ?? '').replace(/^[^:]+/, '127.0.0.1');
    env.HTTPS_PORT = '18443';
    env.HTTP_PORT = '18080';
    env.TLS_CERT = join(DATA, 'tls', 'localhost.crt');
    env.TLS_KEY = join(DATA, 'tls', 'localhost.key');
    const template = read('nginx/templates/insightdesk.conf.template');
    const site = template.replace(/\$\{([A-Z0-9_]+)\}/g, (m, name: string) => env[name] ?? m);
    expect(site).not.toMatch(/\$\{[A-Z0-9_]+\}/);
    const dir = mkdtempSync(join(tmpdir(), 'insightdesk-nginx-'));
    writeFileSync(join(dir, 'site.conf'), site);
    writeFileSync(
      join(dir, 'nginx.conf'),
      `pid ${dir}/nginx.pid; error_log stderr; events {} http { include /etc/nginx/mime.types; access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir}; include ${dir}/site.conf; }`,
    );
    const result = Bun.spawnSync(['nginx', '-t', '-p', dir, '-c', join(dir, 'nginx.conf')], {
      stderr: 'pipe',
    });
    rmSync(dir, { recursive: true, force: true });
    expect(result.stderr.toString()).toContain('test is successful');
  });

  test('fly.toml: process groups, checks and SIGINT with a kill timeout above our deadline', () => {
    const fly = Bun.TOML.parse(read('fly.toml')) as Doc;
    expect(Object.keys(fly.processes).sort()).toEqual(['api', 'worker', 'ws']);
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
  });

  test('railway.toml: Dockerfile build, readiness health check, restart policy', () => {
    const railway = Bun.TOML.parse(read('railway.toml')) as Doc;
    expect(railway.build.builder).toBe('DOCKERFILE');
    expect(existsSync(join(ROOT, railway.build.dockerfilePath))).toBe(true);
    expect(railway.deploy.healthcheckPath).toBe('/health/ready');
    expect(railway.deploy.restartPolicyType).toBe('ON_FAILURE');
  });

  test('.env.example documents every configuration variable, and only those', () => {
    const groups: AnyConfigGroup[] = [...Object.values(allConfigGroups), stackConfig];
    const declared = new Set(groups.flatMap((g) => Object.keys(g.env)));
    const documented = new Set(
      [...read('.env.example').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1] as string),
    );
    expect([...declared].filter((v) => !documented.has(v))).toEqual([]);
    expect([...documented].filter((v) => !declared.has(v))).toEqual([]);
  });
});
