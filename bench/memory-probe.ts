// Preloaded into an instance a bench starts (`bun --preload bench/memory-probe.ts …`): on
// MEMORY_PROBE_PORT, GET / runs a full collection (not with `?gc=0`) and answers the process's
// own memory reading (bytes), so that memory per connection is measured by the instance itself,
// after a collection; with the JavaScript heap's objects counted by type (JavaScriptCore's
// heapStats), so that a bench can tell which objects each connection adds; GET /?v8=<file>
// writes a V8-format heap snapshot there (what bench/heap-diff.ts compares). Never part of the
// product: only benches start processes with it.
import { heapStats } from 'bun:jsc';

const port = Number(process.env.MEMORY_PROBE_PORT);
if (port) {
  Bun.serve({
    hostname: '127.0.0.1',
    port,
    fetch(req) {
      const query = new URL(req.url).searchParams;
      // `gc=0`: read as it is (bench/lib.ts settledMemory reads so while the allocators settle).
      if (query.get('gc') !== '0') Bun.gc(true);
      if (query.has('sizes')) return Response.json(sizesByClass());
      const dump = query.get('v8');
      if (dump) {
        return Bun.write(dump, Bun.generateHeapSnapshot('v8')).then(() => new Response('ok'));
      }
      const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
      const { objectTypeCounts, heapCapacity, extraMemorySize } = heapStats();
      return Response.json({
        rss,
        heapUsed,
        heapTotal,
        external,
        heapCapacity,
        extraMemorySize,
        objectTypeCounts,
      });
    },
  });
}

/** Bytes of the heap snapshot's cells by class (JavaScriptCore's own estimate of each cell). */
export function sizesByClass(): Record<string, number> {
  // Inspector snapshot, version 3: each node is [id, size, class index, flags].
  const snapshot = Bun.generateHeapSnapshot() as unknown as {
    nodes: number[];
    nodeClassNames: string[];
  };
  const sizes: Record<string, number> = {};
  for (let i = 0; i < snapshot.nodes.length; i += 4) {
    const name = snapshot.nodeClassNames[snapshot.nodes[i + 2] ?? 0] ?? '?';
    sizes[name] = (sizes[name] ?? 0) + (snapshot.nodes[i + 1] ?? 0);
  }
  return sizes;
}
