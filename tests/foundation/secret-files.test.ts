import { afterAll, describe, expect, test } from 'bun:test';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbConfig, loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { eventually, ROOT, servicePort } from '../support/stack';

// The api started in production with every secret it needs mounted as a file (`<NAME>_FILE`, as
// Docker and Kubernetes mount them), on the stack's PostgreSQL and Valkey: it serves. One file
// that others may read keeps it from starting, with a line that names the file and no value.

const N = 9;
const dir = mkdtempSync(join(tmpdir(), 'insightdesk-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const stack = loadConfig({ db: dbConfig, valkey: valkeyConfig }, { dir: ROOT });

/** The stack's own, spelled otherwise: production refuses the development defaults themselves. */
const values = {
  DATABASE_URL: `${stack.db.url}${stack.db.url.includes('?') ? '&' : '?'}application_name=secret-files`,
  VALKEY_URL: `${stack.valkey.url.replace(/\/$/, '')}/0`,
  JWT_KEYS: 'prod-1:a-production-signing-key-read-from-a-file-0123456789',
  INVITATION_SECRET: 'a-production-invitation-secret-read-from-a-file-0123',
  ENCRYPTION_KEYS: `prod-1:${Buffer.alloc(32, 7).toString('base64')}`,
  FILE_SIGNING_SECRET: 'a-production-file-signing-secret-read-from-a-file-01',
};

function mounted(mode: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    const path = join(dir, `${name.toLowerCase()}-${mode.toString(8)}`);
    writeFileSync(path, `${value}\n`);
    chmodSync(path, mode);
    env[`${name}_FILE`] = path;
  }
  return env;
}

function startApi(secrets: Record<string, string>) {
  return Bun.spawn([process.execPath, 'services/api/src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(servicePort('api', N)),
      INSTANCE_ID: `api-${N}`,
      PUBLIC_URL: 'https://desk.example.com',
      CORS_ORIGINS: 'https://desk.example.com',
      STORAGE_DIR: join(dir, 'storage'),
      DB_MIGRATE_ON_START: 'false',
      LOG_LEVEL: 'warn',
      ...secrets,
    },
    stdout: 'pipe',
    stderr: 'pipe',
  });
}

describe('secrets mounted as files, in production', () => {
  test('the api starts and serves with every secret from a file', async () => {
    const api = startApi(mounted(0o400));
    try {
      const health = await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${servicePort('api', N)}/health/ready`).catch(
          () => null,
        );
        return res?.status === 200 ? res : null;
      }, 30_000);
      expect(health.status).toBe(200);
    } finally {
      api.kill('SIGTERM');
      await api.exited;
    }
  }, 60_000);

  test('a file others may read: exit 1, the file named, no value printed', async () => {
    const api = startApi({ ...mounted(0o400), JWT_KEYS_FILE: mounted(0o644).JWT_KEYS_FILE ?? '' });
    const [stdout, stderr, code] = await Promise.all([
      new Response(api.stdout).text(),
      new Response(api.stderr).text(),
      api.exited,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('api: Invalid configuration (1 problem)');
    expect(stderr).toContain(`JWT_KEYS_FILE: ${join(dir, 'jwt_keys-644')} is readable by others`);
    for (const value of Object.values(values)) expect(`${stdout}${stderr}`).not.toContain(value);
  }, 60_000);
});
