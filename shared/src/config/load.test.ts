import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appConfig,
  authConfig,
  ConfigError,
  dbConfig,
  encryptionConfig,
  httpConfig,
  loadConfig,
  logConfig,
  platformConfig,
  REDACTED,
  redactedSummary,
  storageConfig,
  valkeyConfig,
} from '.';

const groups = {
  app: appConfig,
  http: httpConfig,
  db: dbConfig,
  valkey: valkeyConfig,
  log: logConfig,
};
const made: string[] = [];
const emptyDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'insightdesk-config-'));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const SECRET = 'TOP-SECRET-do-not-print';

function problemsOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  test('names every bad variable in one message and prints no secret', () => {
    const error = problemsOf(() =>
      loadConfig(groups, {
        dir: emptyDir(),
        env: {
          NODE_ENV: 'production',
          PORT: '70000',
          DATABASE_URL: `not a url ${SECRET}`,
          DB_POOL_MAX: 'many',
          LOG_LEVEL: 'loud',
          // VALKEY_URL and PUBLIC_URL missing: production has no defaults
        },
      }),
    );
    const bad = [
      'PORT',
      'DATABASE_URL',
      'DB_POOL_MAX',
      'LOG_LEVEL',
      'VALKEY_URL',
      'PUBLIC_URL',
      'CORS_ORIGINS',
    ];
    for (const name of bad) expect(error.message).toContain(name);
    expect(error.problems.length).toBe(bad.length);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).toStartWith(`Invalid configuration (${bad.length} problems)`);
  });

  test('production refuses the development default of a secret', () => {
    const devUrl = 'postgres://insightdesk_app:insightdesk_app@127.0.0.1:25432/insightdesk';
    const error = problemsOf(() =>
      loadConfig(
        { db: dbConfig },
        {
          dir: emptyDir(),
          env: { NODE_ENV: 'production', STACK_PG_PORT: '25432', DATABASE_URL: devUrl },
        },
      ),
    );
    expect(error.problems).toEqual([
      'DATABASE_URL: the development default is not allowed with NODE_ENV=production',
    ]);
    expect(error.message).not.toContain('insightdesk_app:insightdesk_app');
  });

  test('production takes platform operators by user id only (emails are not verified)', () => {
    const id = '0192f7e4-7c1a-7cc2-9a51-5d3f6b1e2a10';
    const load = (admins: string, NODE_ENV = 'production') =>
      loadConfig(
        { platform: platformConfig },
        { dir: emptyDir(), env: { NODE_ENV, PLATFORM_ADMINS: admins } },
      );
    const emailsRefused = [
      'PLATFORM_ADMINS: list user ids outside development and test (emails are not verified)',
    ];
    expect(problemsOf(() => load(`${id},ops@example.com`)).problems).toEqual(emailsRefused);
    expect(problemsOf(() => load('ops@example.com', 'staging')).problems).toEqual(emailsRefused);
    expect(load(id).platform.admins).toEqual([id]);
    expect(load('ops@example.com', 'development').platform.admins).toEqual(['ops@example.com']);
  });

  test('the cloudinary driver needs its URL, reported with the other problems', () => {
    const load = (env: Record<string, string>) =>
      loadConfig({ storage: storageConfig }, { dir: emptyDir(), env });
    expect(problemsOf(() => load({ STORAGE_DRIVER: 'cloudinary' })).problems).toEqual([
      'CLOUDINARY_URL: required when STORAGE_DRIVER=cloudinary',
    ]);
    const url = 'cloudinary://key:secret@cloud';
    expect(load({ STORAGE_DRIVER: 'cloudinary', CLOUDINARY_URL: url }).storage.cloudinaryUrl).toBe(
      url,
    );
  });

  test('development fills local-stack defaults, typed and mapped into namespaces', () => {
    const config = loadConfig(groups, { dir: emptyDir(), env: { STACK_PG_PORT: '6000' } });
    // The stack's two roles: the services' and the owner of the schema (migrations).
    expect(config.db.url).toBe(
      'postgres://insightdesk_app:insightdesk_app@127.0.0.1:6000/insightdesk',
    );
    expect(config.db.ownerUrl).toBe(
      'postgres://insightdesk:insightdesk@127.0.0.1:6000/insightdesk',
    );
    expect(config.http.port).toBe(3000);
    expect(config.http.clientIpHeader).toBe('x-real-ip');
    expect(config.log.format).toBe('pretty');
    expect(config.app.isStrict).toBe(false);
  });

  test('Valkey stores default to VALKEY_URL; replica URLs are a checked list, named without their value', () => {
    const one = loadConfig(groups, { dir: emptyDir(), env: { STACK_VALKEY_PORT: '6001' } });
    expect(one.valkey.queueUrl).toBe('redis://127.0.0.1:6001');
    expect(one.valkey.cacheUrl).toBe('redis://127.0.0.1:6001');
    expect(one.db.replicaUrls).toEqual([]);
    const split = loadConfig(groups, {
      dir: emptyDir(),
      env: {
        VALKEY_QUEUE_URL: 'redis://queue:6379',
        VALKEY_CACHE_URL: 'redis://cache:6379',
        DATABASE_REPLICA_URLS: 'postgres://a:b@r1/db, postgresql://a:b@r2/db',
        DATABASE_REPLICA_MAX_LAG_MS: '250',
      },
    });
    expect(split.valkey).toMatchObject({
      queueUrl: 'redis://queue:6379',
      cacheUrl: 'redis://cache:6379',
    });
    expect(split.db.replicaUrls).toEqual(['postgres://a:b@r1/db', 'postgresql://a:b@r2/db']);
    expect(split.db.replicaMaxLagMs).toBe(250);
    const error = problemsOf(() =>
      loadConfig(groups, {
        dir: emptyDir(),
        env: { DATABASE_REPLICA_URLS: `postgres://a:b@r1/db,mysql://x:${SECRET}@r2/db` },
      }),
    );
    expect(error.message).toContain('DATABASE_REPLICA_URLS');
    expect(error.message).not.toContain(SECRET);
  });

  test('env files cascade: .env.{NODE_ENV}.local > .env.{NODE_ENV} > .env.local > .env, process env wins', () => {
    const dir = emptyDir();
    writeFileSync(
      join(dir, '.env'),
      'PORT=1001\nHOST=from-env\nBODY_LIMIT_BYTES=1\nDB_POOL_MAX=1\n',
    );
    writeFileSync(join(dir, '.env.local'), 'PORT=1002\nHOST=from-env-local\nBODY_LIMIT_BYTES=2\n');
    writeFileSync(join(dir, '.env.test'), 'PORT=1003\nHOST=from-env-test\n');
    writeFileSync(join(dir, '.env.test.local'), 'PORT=1004\n');
    const config = loadConfig(groups, { dir, env: { NODE_ENV: 'test', DB_POOL_MAX: '7' } });
    expect(config.http.port).toBe(1004);
    expect(config.http.host).toBe('from-env-test');
    expect(config.http.bodyLimitBytes).toBe(2);
    expect(config.db.poolMax).toBe(7);
  });

  test('production refuses a missing, malformed or development ENCRYPTION_KEYS', () => {
    const load = (env: Record<string, string>) =>
      loadConfig(
        { encryption: encryptionConfig },
        { dir: emptyDir(), env: { NODE_ENV: 'production', ...env } },
      );
    expect(problemsOf(() => load({})).problems).toEqual(['ENCRYPTION_KEYS: is required']);
    const dev = String(encryptionConfig.devDefaults?.ENCRYPTION_KEYS);
    expect(problemsOf(() => load({ ENCRYPTION_KEYS: dev })).problems).toEqual([
      'ENCRYPTION_KEYS: the development default is not allowed with NODE_ENV=production',
    ]);
    expect(problemsOf(() => load({ ENCRYPTION_KEYS: 'k1:c2hvcnQ=' })).problems[0]).toStartWith(
      'ENCRYPTION_KEYS: expected kid:base64key pairs',
    );
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(
      load({ ENCRYPTION_KEYS: `k2:${key},k1:${key}` }).encryption.keys.map((k) => k.kid),
    ).toEqual(['k2', 'k1']);
  });

  test('staging is treated like production: no development defaults, development secrets refused', () => {
    const error = problemsOf(() =>
      loadConfig(
        { auth: authConfig },
        {
          dir: emptyDir(),
          env: {
            NODE_ENV: 'staging',
            JWT_KEYS: 'dev-1:insightdesk-development-signing-key-not-for-production',
          },
        },
      ),
    );
    expect(error.problems).toEqual([
      'JWT_KEYS: the development default is not allowed with NODE_ENV=staging',
      'INVITATION_SECRET: is required',
    ]);
    expect(error.message).not.toContain('not-for-production');
    // An environment name the platform does not know is refused, not silently development.
    const unknown = problemsOf(() =>
      loadConfig({ app: appConfig }, { dir: emptyDir(), env: { NODE_ENV: 'prod' } }),
    );
    expect(unknown.problems.some((p) => p.startsWith('NODE_ENV:'))).toBe(true);
    expect(unknown.problems).toContain('PUBLIC_URL: is required');
  });

  test('the startup summary redacts secrets', () => {
    const summary = redactedSummary(groups, {
      dir: emptyDir(),
      env: { DATABASE_URL: `postgres://u:${SECRET}@db/x`, PORT: '3100' },
    });
    expect(summary.DATABASE_URL).toBe(REDACTED);
    expect(summary.VALKEY_URL).toBe(REDACTED);
    expect(summary.PORT).toBe('3100');
    expect(JSON.stringify(summary)).not.toContain(SECRET);
  });
});

test('a DATABASE_URL of your own is the one role for both, unless DATABASE_OWNER_URL names another in the same database', () => {
  const url = 'postgres://app:secret@db.internal:5432/insightdesk';
  const own = loadConfig({ db: dbConfig }, { dir: emptyDir(), env: { DATABASE_URL: url } });
  expect(own.db.ownerUrl).toBe(url);
  const owner = 'postgres://owner:other@db.internal:5432/insightdesk';
  const split = loadConfig(
    { db: dbConfig },
    { dir: emptyDir(), env: { DATABASE_URL: url, DATABASE_OWNER_URL: owner } },
  );
  expect(split.db).toMatchObject({ url, ownerUrl: owner });
  const elsewhere = problemsOf(() =>
    loadConfig(
      { db: dbConfig },
      {
        dir: emptyDir(),
        env: { DATABASE_URL: url, DATABASE_OWNER_URL: 'postgres://owner:x@db.internal/other' },
      },
    ),
  );
  expect(elsewhere.problems).toEqual([
    'DATABASE_OWNER_URL: must name the same database as DATABASE_URL',
  ]);
});
