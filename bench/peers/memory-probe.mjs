// Loaded into a peer a bench starts (`node --expose-gc --import ./memory-probe.mjs …`): on
// MEMORY_PROBE_PORT, GET / runs a full collection (not with `?gc=0`) and answers the process's
// own memory reading (bytes) — the same probe as bench/memory-probe.ts for our Bun instances.
import { createServer } from 'node:http';

const port = Number(process.env.MEMORY_PROBE_PORT);
if (port) {
  createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://probe').searchParams.get('gc') !== '0') globalThis.gc?.();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ rss, heapUsed, heapTotal, external }));
  })
    .listen(port, '127.0.0.1')
    .unref();
}
