import { afterAll, expect, test } from 'bun:test';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbConfig, loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import type { Subprocess } from 'bun';
import { eventually, ROOT, servicePort } from '../../../tests/support/stack';

const local = loadConfig({ db: dbConfig, valkey: valkeyConfig }, { dir: ROOT });
/** The same server under its name: staging refuses the development defaults' exact values. */
const byName = (url: string) => url.replace('127.0.0.1', 'localhost');
const secret = () => randomBytes(32).toString('hex');

// The demo page is for development: an api in production or staging does not have it.
// (tests/browser/client-demo.test.ts drives the page itself.)

let api: Subprocess | undefined;
afterAll(async () => {
  api?.kill('SIGTERM');
  await api?.exited;
});

test('the demo page and its script are served in development and test, 404 in staging', async () => {
  const development = `http://127.0.0.1:${servicePort('api', 1)}`;
  const page = await fetch(`${development}/api/demo`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(await page.text()).toContain('<script type="module" src="/api/demo/demo.js">');
  const script = await fetch(`${development}/api/demo/demo.js`);
  expect(script.status).toBe(200);
  expect(script.headers.get('content-type')).toContain('text/javascript');
  // Bundled for the browser: nothing of the server came along.
  const source = await script.text();
  expect(source).toContain('/socket.io/');
  expect(source).not.toMatch(/drizzle|iovalkey|Bun\.(file|serve|spawn)/);

  const port = servicePort('api', 7);
  api = Bun.spawn([process.execPath, 'services/api/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'staging',
      PUBLIC_URL: 'https://desk.example',
      CORS_ORIGINS: 'https://desk.example',
      DATABASE_URL: byName(local.db.url),
      // The api migrates at start, as the role that owns the schema.
      DATABASE_OWNER_URL: byName(local.db.ownerUrl),
      VALKEY_URL: byName(local.valkey.url),
      JWT_KEYS: `staging:${secret()}`,
      INVITATION_SECRET: secret(),
      ENCRYPTION_KEYS: `staging:${randomBytes(32).toString('base64')}`,
      FILE_SIGNING_SECRET: secret(),
      STORAGE_DIR: mkdtempSync(join(tmpdir(), 'insightdesk-staging-')),
      INSTANCE_ID: 'api-7',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdout: 'ignore',
    stderr: 'ignore',
  });
  const other = `http://127.0.0.1:${port}`;
  await eventually(
    async () => (await fetch(`${other}/health/ready`).catch(() => null))?.ok,
    30_000,
  );
  for (const path of ['/api/demo', '/api/demo/demo.js']) {
    const res = await fetch(`${other}${path}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  }
  expect((await fetch(`${other}/api/openapi.json`)).status).toBe(200); // the rest is there
}, 60_000);
