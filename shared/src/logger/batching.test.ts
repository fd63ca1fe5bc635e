import { expect, test } from 'bun:test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { LOG_BATCH } from '.';

// The logger's writer (sonic-boom under pino.destination) is patched
// (patches/sonic-boom@4.2.1.patch): it no longer measures its whole pending batch on every line.
// What that measurement guarded must still hold: no write is larger than `maxWrite` bytes, and
// every line arrives whole and in order, multi-byte text included.
test('batched log lines arrive whole and in order, across writes of at most maxWrite bytes', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'log-batch-')), 'out.log');
  // The logger's own batch (createLogger).
  const { maxWrite } = LOG_BATCH;
  const destination = pino.destination({ dest: file, sync: false, ...LOG_BATCH });
  const writes: number[] = [];
  const write = destination.write.bind(destination);
  await new Promise<void>((resolve) => destination.once('ready', () => resolve()));
  // Each line: a number, then text whose UTF-8 is up to 3 bytes per UTF-16 unit (or 4 per pair).
  const lines = Array.from({ length: 600 }, (_, i) => {
    const text = ['ascii', 'é'.repeat(40), '€'.repeat(120), '🙂'.repeat(30)][i % 4];
    return `${i} ${text}\n`;
  });
  const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
  const original = fs.write;
  // Every write the writer makes, by its size in bytes.
  (fs as { write: unknown }).write = (fd: number, data: string | Buffer, ...rest: unknown[]) => {
    writes.push(Buffer.byteLength(data));
    return (original as (...a: unknown[]) => void)(fd, data, ...rest);
  };
  try {
    for (const line of lines) write(line);
    // Ended: what is pending is written (a write cut short goes on with its rest), then the
    // file is closed. Only then is everything on disk.
    const closed = new Promise<void>((resolve) => destination.once('close', () => resolve()));
    destination.end();
    await closed;
  } finally {
    (fs as { write: unknown }).write = original;
  }
  expect(readFileSync(file, 'utf8')).toBe(lines.join(''));
  expect(writes.length).toBeGreaterThan(1);
  expect(Math.max(...writes)).toBeLessThanOrEqual(maxWrite);
});
