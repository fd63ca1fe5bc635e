import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { createDatabase } from '@insightdesk/shared/db';
import { createRequestScope } from '@insightdesk/shared/http';
import { createLogger, flushLogger } from '@insightdesk/shared/logger';
import { sql } from 'drizzle-orm';
import { superuser } from '../../tools/stack/pg-superuser';
import { DATA, eventually, ports, ROOT } from '../support/stack';

// Slow statements, from both sides (docs/observability.md, "Slow queries"): the service logs a
// statement over DB_SLOW_STATEMENT_MS with its normalized text and the id of the request that ran
// it — in a transaction or not — never a parameter's value;
// PostgreSQL (the stack's settings, tools/stack/postgres-statements.ts) keeps it in
// pg_stat_statements and writes its own slow statement line, without values either.

const dir = mkdtempSync(join(tmpdir(), 'slow-statements-'));
const logFile = join(dir, 'service.log');
const logger = createLogger({
  service: 'test',
  instance: 'slow-statements',
  level: 'info',
  format: 'json',
  destination: logFile,
});
const scope = createRequestScope(true);
const config = loadConfig({ db: dbConfig }, { dir: ROOT }).db;
const database = createDatabase({
  url: config.url,
  poolMax: 2,
  applicationName: 'test-slow-statements',
  logger,
  slowStatementMs: 100,
  currentRequest: scope.current,
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

const SECRET = `hunter2-${process.pid}`;

async function logged(): Promise<
  { msg: string; ms: number; statement: string; requestId?: string }[]
> {
  await flushLogger(logger);
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((l) => l.msg === 'slow statement');
}

describe('slow statements', () => {
  test('logged by the service with the request id and $n text; fast ones and values not', async () => {
    await scope.run('req-slow-1', async () => {
      await database.db.execute(sql`select pg_sleep(0.25), ${SECRET}::text as secret`);
      await database.db.execute(sql`select 1 as fast, ${SECRET}::text as secret`);
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_sleep(0.12) as in_transaction`);
      });
    });
    await scope.run('req-slow-2', async () => {
      await database.db.execute(sql`select pg_sleep(${0.11}::float) as other_request`);
    });
    // Outside any request: logged, without an id.
    await database.db.execute(sql`select pg_sleep(0.11) as no_request`);
    const lines = await logged();
    const find = (text: string) => lines.find((l) => l.statement.includes(text));
    expect(find('secret')).toMatchObject({ requestId: 'req-slow-1' });
    expect(find('secret')?.statement).toContain('$1');
    expect(find('secret')?.ms).toBeGreaterThanOrEqual(100);
    expect(find('fast')).toBeUndefined();
    expect(find('in_transaction')).toMatchObject({ requestId: 'req-slow-1' });
    expect(find('other_request')).toMatchObject({ requestId: 'req-slow-2' });
    expect(find('other_request')?.statement).toContain('pg_sleep($1::float)');
    expect(find('no_request')?.requestId).toBeUndefined();
    expect(readFileSync(logFile, 'utf8')).not.toContain(SECRET);
  });

  test("in PostgreSQL: pg_stat_statements holds it normalized, the server's slow log without values", async () => {
    const admin = superuser(ports.pgPort);
    try {
      const [loaded] = await admin<{ setting: string }[]>`
        select setting from pg_settings where name = 'shared_preload_libraries'`;
      expect(loaded?.setting).toContain('pg_stat_statements');
      expect(loaded?.setting).toContain('auto_explain');
    } finally {
      await admin.end();
    }
    // db-setup made the view in the application's database; the services' role may read it.
    const rows = await database.sql<{ query: string; calls: string }[]>`
      select query, calls from pg_stat_statements where query like '%as secret%'`;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.query).toContain('$1');
      expect(row.query).not.toContain(SECRET);
    }
    const serverLog = join(DATA, 'logs/postgres.log');
    // Over the server's own threshold (200 ms): its line, with the statement's $n and no value.
    const line = await eventually(
      () =>
        readFileSync(serverLog, 'utf8')
          .split('\n')
          .find(
            (l) =>
              l.includes('duration:') &&
              l.includes('as secret') &&
              l.includes('test-slow-statements'),
          ),
      10_000,
    );
    expect(line).toContain('$1');
    expect(readFileSync(serverLog, 'utf8')).not.toContain(SECRET);
  }, 20_000);
});
