import { expect, test } from 'bun:test';
import { createErrorReporter } from '@insightdesk/shared/monitoring';

test('with SENTRY_DSN set, errors are reported to Sentry (without request data)', async () => {
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
    reporter.capture(new Error('boom in a handler'), { requestId: 'req-123' });
    await reporter.flush();
    const sent = envelopes.join('\n');
    expect(sent).toContain('boom in a handler');
    expect(sent).toContain('req-123');
    expect(sent).toContain('"service":"api"');
  } finally {
    ingest.stop(true);
  }
});
