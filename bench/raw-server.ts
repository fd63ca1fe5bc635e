// The baseline upstream: a bare Bun.serve answering what GET /health/live answers, nothing else.
const port = Number(process.argv[2]);
const body = JSON.stringify({ status: 'ok', service: 'api', instance: `raw-${port}` });
Bun.serve({
  hostname: '127.0.0.1',
  port,
  fetch: () =>
    new Response(body, {
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    }),
});
