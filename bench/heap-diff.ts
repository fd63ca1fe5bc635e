import { readFileSync } from 'node:fs';

// What a connection adds to the JavaScript heap, by kind of object (strings by their pattern):
//   BENCH_HEAP_DUMP=/tmp/heap BENCH_TARGETS=ours BENCH_STEPS=1000,4000 BENCH_REPEATS=1 bun bench/realtime.ts
//   bun bench/heap-diff.ts /tmp/heap-<port>-<first>.json /tmp/heap-<port>-<second>.json 1500
// The two files are one instance's V8-format heap snapshots at two steps (bench/memory-probe.ts
// writes them); the last argument is how many more sockets that instance held at the second.

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

const STRING_TYPES = new Set(['string', 'concatenated string', 'sliced string']);

/** Bytes and count per kind: ids and UUIDs in strings are masked so that one pattern is one kind. */
function census(file: string): Map<string, { bytes: number; count: number }> {
  const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const [type, name, size] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const kinds = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const kind = types[heap.nodes[i + type] ?? 0] ?? '?';
    const label = heap.strings[heap.nodes[i + name] ?? 0] ?? '';
    const key = STRING_TYPES.has(kind)
      ? `string ${label.replace(/[A-Za-z0-9_-]{16,}/g, '<id>').slice(0, 70)}`
      : `${kind} ${label.slice(0, 60)}`;
    const entry = kinds.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += heap.nodes[i + size] ?? 0;
    entry.count += 1;
    kinds.set(key, entry);
  }
  return kinds;
}

const [first, second, sockets] = process.argv.slice(2);
if (!first || !second || !sockets) {
  console.error('usage: bun bench/heap-diff.ts <first.json> <second.json> <sockets added>');
  process.exit(2);
}
const before = census(first);
const after = census(second);
const added = Number(sockets);
const rows = [...after].map(([kind, { bytes, count }]) => ({
  kind,
  bytesPerSocket: (bytes - (before.get(kind)?.bytes ?? 0)) / added,
  perSocket: (count - (before.get(kind)?.count ?? 0)) / added,
}));
rows.sort((a, b) => b.bytesPerSocket - a.bytesPerSocket);
const total = rows.reduce((sum, row) => sum + row.bytesPerSocket, 0);
console.log(`${total.toFixed(0)} bytes per socket in all; the largest kinds:`);
console.table(
  rows.slice(0, Number(process.env.BENCH_LINES ?? 30)).map((row) => ({
    kind: row.kind,
    bytesPerSocket: Math.round(row.bytesPerSocket),
    perSocket: Number(row.perSocket.toFixed(2)),
  })),
);
