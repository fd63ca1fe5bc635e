import { KEEP_ALIVE_SECONDS } from '../shared/src/service/http-server';

// The baseline upstream: a bare Bun.serve answering what GET /health/live answers, nothing else.
// Every upstream of the benches keeps an idle connection as long as the services do (longer than
// nginx's upstream keep-alive): at Bun's default 10 s, a target idle for ~10 s between its slices
// closed connections nginx was reusing (502s, then 'no live upstreams', read as cheap answers).
const port = Number(process.argv[2]);
const body = JSON.stringify({ status: 'ok', service: 'api', instance: `raw-${port}` });
Bun.serve({
  hostname: '127.0.0.1',
  port,
  idleTimeout: KEEP_ALIVE_SECONDS,
  fetch: () =>
    new Response(body, {
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    }),
});
