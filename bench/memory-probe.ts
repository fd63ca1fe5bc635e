// Preloaded into an instance a bench starts (`bun --preload bench/memory-probe.ts …`): on
// MEMORY_PROBE_PORT, GET / runs a full collection and answers the process's own memory reading
// (bytes), so that memory per connection is measured by the instance itself, after a collection.
// Never part of the product: only benches start processes with it.
const port = Number(process.env.MEMORY_PROBE_PORT);
if (port) {
  Bun.serve({
    hostname: '127.0.0.1',
    port,
    fetch() {
      Bun.gc(true);
      const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
      return Response.json({ rss, heapUsed, heapTotal, external });
    },
  });
}
