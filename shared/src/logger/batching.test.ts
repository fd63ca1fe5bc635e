import { expect, test } from 'bun:test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createLogger, flushLogger, LOG_BATCH, LOG_FLUSH_MS } from '.';
import { batchLines } from './line-batch';

type FsWrite = (fd: number, data: string | Buffer, ...rest: unknown[]) => void;

/** Puts `replace(original)` where the writer finds `fs.write`; answers what puts it back. */
function replaceFsWrite(replace: (original: FsWrite) => FsWrite): () => void {
  const fs = createRequire(import.meta.url)('node:fs') as { write: unknown };
  const original = fs.write as FsWrite;
  fs.write = replace(original);
  return () => {
    fs.write = original;
  };
}

/** A test that waits with `textWhen`: it fails on its assertion, not on bun's 5 s timeout. */
const WAIT_TEST_MS = 15_000;

/**
 * The file's text once `done` holds for it, or after 5 s. The writer opens its file
 * asynchronously: until then the text is empty.
 */
async function textWhen(file: string, done: (text: string) => boolean): Promise<string> {
  const text = () => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const deadline = Date.now() + 5_000;
  while (!done(text()) && Date.now() < deadline) await Bun.sleep(10);
  return text();
}

/** A batch of lines (flushed every 50 ms) over a writer to a new file, once the file is open. */
async function batchToNewFile(prefix: string) {
  const file = join(mkdtempSync(join(tmpdir(), prefix)), 'out.log');
  const destination = pino.destination({ dest: file, sync: false, ...LOG_BATCH });
  const stream = batchLines(destination, { ...LOG_BATCH, flushMs: 50 });
  await new Promise<void>((resolve) => destination.once('ready', () => resolve()));
  return { file, destination, stream };
}

// The logger's writer (sonic-boom under pino.destination) writes no more than `maxWrite` bytes
// at once, every line whole and in order, multi-byte text included. The logger gathers its lines
// before the writer sees them (line-batch.ts), so that the writer measures its pending text once
// a batch rather than once a line: through that layer, the same holds.
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
    // Every write the writer makes, by its size in bytes.
    const restore = replaceFsWrite((original) => (fd, data, ...rest) => {
      writes.push(Buffer.byteLength(data));
      original(fd, data, ...rest);
    });
    try {
      for (const line of lines) write(line);
      // Ended: what is pending is written (a write cut short goes on with its rest), then the
      // file is closed. Only then is everything on disk.
      const closed = new Promise<void>((resolve) => destination.once('close', () => resolve()));
      stream.end();
      await closed;
    } finally {
      restore();
    }
    expect(readFileSync(file, 'utf8')).toBe(lines.join(''));
    expect(writes.length).toBeGreaterThan(1);
    expect(Math.max(...writes)).toBeLessThanOrEqual(maxWrite);
  },
);

test(
  'a gathered line is written within the flush interval, without a flush',
  async () => {
    const { file, stream } = await batchToNewFile('log-batch-');
    stream.write('one short line\n');
    expect(readFileSync(file, 'utf8')).toBe('');
    expect(await textWhen(file, (text) => text !== '')).toBe('one short line\n');
    stream.end();
  },
  WAIT_TEST_MS,
);

test(
  'a line handed to the writer while it writes still goes out once the write is done, with no line after it',
  async () => {
    const { file, destination, stream } = await batchToNewFile('log-busy-');
    // Each write takes 300 ms: the batch's flush comes while the writer is busy.
    const restore = replaceFsWrite((original) => (fd, data, ...rest) => {
      const done = rest.pop() as (...a: unknown[]) => void;
      original(fd, data, ...rest, (...a: unknown[]) => setTimeout(() => done(...a), 300));
    });
    try {
      const first = `${'x'.repeat(LOG_BATCH.minLength)}\n`;
      stream.write(first); // handed over at once: the writer starts writing it
      stream.write('the last line\n'); // handed over by the flush, while the writer is busy
      const text = await textWhen(file, (t) => t.endsWith('the last line\n'));
      expect(text).toBe(`${first}the last line\n`);
    } finally {
      restore();
      // Closed before the next test: a writer still busy here would carry over into it.
      const closed = new Promise<void>((resolve) => destination.once('close', () => resolve()));
      stream.end();
      await closed;
    }
  },
  WAIT_TEST_MS,
);

test(
  'an idle logger writes nothing, not even an empty write; a new line still goes out within the interval',
  async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'log-idle-')), 'out.log');
    const writes: number[] = [];
    const restore = replaceFsWrite((original) => (fd, data, ...rest) => {
      writes.push(Buffer.byteLength(data));
      original(fd, data, ...rest);
    });
    const log = createLogger({
      service: 's',
      instance: 'i',
      level: 'info',
      format: 'json',
      destination: file,
    });
    const written = async (line: string) =>
      (await textWhen(file, (text) => text.includes(line))).includes(line);
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
      restore();
    }
  },
  WAIT_TEST_MS,
);

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
