import { expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { createDatabase, sql } from '@insightdesk/shared/db';
import { createLogger, serializeError } from '@insightdesk/shared/logger';
import { createErrorReporter } from '@insightdesk/shared/monitoring';
import { ROOT } from '../support/stack';

const SECRET_PARAM = '$argon2id$v=19$m=19456,t=2,p=1$not-a-real-hash';

/** A real failed query through drizzle: its error quotes every parameter in its message. */
async function failedQuery(): Promise<Error> {
  const logger = createLogger({
    service: 'test',
    instance: 'test',
    level: 'silent',
    format: 'json',
  });
  const { db } = loadConfig({ db: dbConfig }, { dir: ROOT });
  const database = createDatabase({
    url: db.url,
    poolMax: 1,
    applicationName: 'sentry-test',
    logger,
  });
  try {
    await database.db.execute(sql`select ${SECRET_PARAM}::text as hash, 1 / 0 as boom`);
    throw new Error('the query should have failed');
  } catch (err) {
    return err as Error;
  } finally {
    await database.close();
  }
}

test('with SENTRY_DSN set, errors are reported to Sentry (without request data or query parameters)', async () => {
  const envelopes: string[] = [];
  const ingest = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(req) {
      envelopes.push(await req.text());
      return Response.json({ id: '0' });
    },
  });
  try {
    const reporter = createErrorReporter({
      dsn: `http://publickey@127.0.0.1:${ingest.port}/1`,
      environment: 'test',
      service: 'api',
      instance: 'api-test',
      tracesSampleRate: 0,
    });
    // The SDK is imported when a DSN is set; the service kit awaits this before serving.
    await reporter.ready();
    // Breadcrumbs (console lines of libraries, outgoing requests) are scrubbed like events.
    // (Built at run time: the event's source context lines would otherwise quote them.)
    const secrets = ['hunter2', 'signature', 'token'].map((s) => `${s}-${crypto.randomUUID()}`);
    console.warn(
      `connecting to redis://:${secrets[0]}@10.0.0.9:6379/0 for https://files.example/f?sig=${secrets[1]}&expires=1`,
    );
    await fetch(`http://127.0.0.1:${ingest.port}/ping?token=${secrets[2]}`).catch(() => {});
    const queryError = await failedQuery();
    expect(queryError.message).toContain(SECRET_PARAM);
    reporter.capture(new Error('boom in a handler'), { requestId: 'req-123' });
    reporter.capture(queryError, { requestId: 'req-456' });
    await reporter.flush();
    const sent = envelopes.join('\n');
    expect(sent).toContain('boom in a handler');
    expect(sent).toContain('req-123');
    expect(sent).toContain('"service":"api"');
    expect(sent).toContain('Failed query: select $1::text as hash, 1 / 0 as boom');
    expect(sent).not.toContain('not-a-real-hash');
    expect(sent).toContain('connecting to redis://[redacted]@10.0.0.9:6379/0');
    expect(sent).toContain('"url":"http://127.0.0.1');
    for (const secret of secrets) expect(sent).not.toContain(secret);
  } finally {
    ingest.stop(true);
  }
});

test('a failed query is logged with its SQL, never its parameters', async () => {
  const logged = JSON.stringify(serializeError(await failedQuery()));
  expect(logged).toContain('Failed query: select $1::text as hash, 1 / 0 as boom');
  expect(logged).toContain('division by zero');
  expect(logged).not.toContain('not-a-real-hash');
});
