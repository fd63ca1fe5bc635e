import { expect, test } from 'bun:test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createLogger, flushLogger, LOG_BATCH, LOG_FLUSH_MS } from '.';
import { batchLines } from './line-batch';

// The logger's writer (sonic-boom under pino.destination) is patched
// (patches/sonic-boom@4.2.1.patch): it no longer measures its whole pending batch on every line.
// What that measurement guarded must still hold: no write is larger than `maxWrite` bytes, and
// every line arrives whole and in order, multi-byte text included.
// The logger gathers its lines before the writer sees them (line-batch.ts): through that layer,
// the same holds.
test.each(['the writer', 'lines gathered first (as createLogger writes)'])(
  'batched log lines arrive whole and in order, across writes of at most maxWrite bytes: %s',
  async (through) => {
    const file = join(mkdtempSync(join(tmpdir(), 'log-batch-')), 'out.log');
    // The logger's own batch (createLogger).
    const { maxWrite } = LOG_BATCH;
    const destination = pino.destination({ dest: file, sync: false, ...LOG_BATCH });
    const writes: number[] = [];
    const stream =
      through === 'the writer'
        ? destination
        : batchLines(destination, { ...LOG_BATCH, flushMs: 100 });
    const write = stream.write.bind(stream);
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
      stream.end();
      await closed;
    } finally {
      (fs as { write: unknown }).write = original;
    }
    expect(readFileSync(file, 'utf8')).toBe(lines.join(''));
    expect(writes.length).toBeGreaterThan(1);
    expect(Math.max(...writes)).toBeLessThanOrEqual(maxWrite);
  },
);

test('a gathered line is written within the flush interval, without a flush', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'log-batch-')), 'out.log');
  const destination = pino.destination({ dest: file, sync: false, ...LOG_BATCH });
  const stream = batchLines(destination, { ...LOG_BATCH, flushMs: 50 });
  await new Promise<void>((resolve) => destination.once('ready', () => resolve()));
  stream.write('one short line\n');
  expect(readFileSync(file, 'utf8')).toBe('');
  const deadline = Date.now() + 5_000;
  while (readFileSync(file, 'utf8') === '' && Date.now() < deadline) await Bun.sleep(10);
  expect(readFileSync(file, 'utf8')).toBe('one short line\n');
  stream.end();
});

test('a line handed to the writer while it writes still goes out once the write is done, with no line after it', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'log-busy-')), 'out.log');
  const destination = pino.destination({ dest: file, sync: false, ...LOG_BATCH });
  const stream = batchLines(destination, { ...LOG_BATCH, flushMs: 50 });
  await new Promise<void>((resolve) => destination.once('ready', () => resolve()));
  const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
  const original = fs.write;
  // Each write takes 300 ms: the batch's flush comes while the writer is busy.
  (fs as { write: unknown }).write = (fd: number, data: string | Buffer, ...rest: unknown[]) => {
    const done = rest.pop() as (...a: unknown[]) => void;
    return (original as (...a: unknown[]) => void)(fd, data, ...rest, (...a: unknown[]) =>
      setTimeout(() => done(...a), 300),
    );
  };
  try {
    const first = `${'x'.repeat(LOG_BATCH.minLength)}\n`;
    stream.write(first); // handed over at once: the writer starts writing it
    stream.write('the last line\n'); // handed over by the flush, while the writer is busy
    const deadline = Date.now() + 5_000;
    while (!readFileSync(file, 'utf8').endsWith('the last line\n') && Date.now() < deadline)
      await Bun.sleep(20);
    expect(readFileSync(file, 'utf8')).toBe(`${first}the last line\n`);
  } finally {
    (fs as { write: unknown }).write = original;
    stream.end();
  }
});

test('an idle logger writes nothing, not even an empty write; a new line still goes out within the interval', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'log-idle-')), 'out.log');
  const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
  const original = fs.write;
  const writes: number[] = [];
  (fs as { write: unknown }).write = (fd: number, data: string | Buffer, ...rest: unknown[]) => {
    writes.push(Buffer.byteLength(data));
    return (original as (...a: unknown[]) => void)(fd, data, ...rest);
  };
  const log = createLogger({
    service: 's',
    instance: 'i',
    level: 'info',
    format: 'json',
    destination: file,
  });
  // The writer opens its file asynchronously: until then there is nothing to read.
  const text = () => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const written = async (line: string) => {
    const deadline = Date.now() + 5_000;
    while (!text().includes(line) && Date.now() < deadline) await Bun.sleep(10);
    return text().includes(line);
  };
  try {
    log.info('first');
    expect(await written('"msg":"first"')).toBe(true);
    // Five flush intervals with nothing to log: the writer's periodic flush wrote '' each time.
    await Bun.sleep(LOG_FLUSH_MS * 5);
    const idle = writes.length;
    await Bun.sleep(LOG_FLUSH_MS * 5);
    expect(writes.length).toBe(idle);
    expect(writes.filter((bytes) => bytes === 0)).toEqual([]);
    log.info('second');
    expect(await written('"msg":"second"')).toBe(true);
  } finally {
    await flushLogger(log);
    (fs as { write: unknown }).write = original;
  }
});

test('lines still gathered when the process exits are written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'log-exit-'));
  const script = join(dir, 'exit.ts');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    script,
    `import { createLogger } from ${JSON.stringify(join(import.meta.dir, 'index.ts'))};
const log = createLogger({ service: 's', instance: 'i', level: 'info', format: 'json' });
for (let i = 0; i < 25; i++) log.info({ i }, 'line');
process.exit(0);
`,
  );
  const proc = Bun.spawn([process.execPath, script], { stdout: 'pipe', stderr: 'pipe' });
  const out = await new Response(proc.stdout).text();
  expect(await proc.exited).toBe(0);
  const numbers = out
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { i: number }).i);
  expect(numbers).toEqual(Array.from({ length: 25 }, (_, i) => i));
});
