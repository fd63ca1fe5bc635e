import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/**
 * Where a service writes a file before storage takes it (`putFile`): an upload as it arrives, an
 * export as it is built. Under the local driver's directory (STORAGE_DIR), so that the local
 * `putFile` is a rename within one filesystem.
 */
export const scratchDir = (storageDir: string) => join(storageDir, 'tmp');

/** A new file's path in `dir`, its name saying what it holds (the directory made if missing). */
export async function scratchPath(dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return join(dir, `${name}-${Bun.randomUUIDv7()}`);
}

/** Nothing in flight is older: an upload or an export's file is written within minutes. */
const SCRATCH_MAX_AGE_MS = 24 * 3600_000;

/**
 * Maintenance: the scratch files a killed process left (a graceful stop removes its own), those
 * older than a day. Answers how many went.
 */
export async function purgeScratch(dir: string, now = Date.now()): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile() || now - info.mtimeMs < SCRATCH_MAX_AGE_MS) continue;
    await rm(path, { force: true });
    removed++;
  }
  return removed;
}

/** A file written a piece at a time, each `write` waiting while the disk is behind. */
export interface ScratchWriter {
  write(chunk: string | Uint8Array): Promise<void>;
  /** Everything written and the file closed: answers its size in bytes. */
  end(): Promise<number>;
  /** Gives up (on an error): the file is closed, left for the caller to remove. */
  abort(): void;
}

const COLLECT_EVERY = 8 * 2 ** 20;

/** Writes `path` (gzipped as it goes with `gzip`), holding no more than the stream's buffer. */
export function scratchWriter(path: string, options: { gzip?: boolean } = {}): ScratchWriter {
  const file = createWriteStream(path);
  const gzip = options.gzip ? createGzip() : null;
  const head: Writable = gzip ?? file;
  const done = gzip ? pipeline(gzip, file) : once(file, 'close');
  // Seen by whoever waits next (a write's drain or the end), never unhandled meanwhile.
  done.catch(() => undefined);
  let sinceCollection = 0;
  return {
    async write(chunk) {
      // What passes through is garbage once written (the strings read, their encoded bytes), and
      // the engine collects it lazily: 80 MB written kept ~170 MB resident beyond the process's
      // own, 160 MB and more about as much. A collection (a few ms on a worker's heap) every
      // COLLECT_EVERY characters written keeps it to ~60 MB (an export's part, measured).
      sinceCollection += chunk.length;
      if (sinceCollection >= COLLECT_EVERY) {
        sinceCollection = 0;
        Bun.gc(true);
      }
      if (!head.write(chunk)) await Promise.race([once(head, 'drain'), done]);
    },
    async end() {
      head.end();
      await done;
      return (await stat(path)).size;
    },
    abort() {
      head.destroy();
      file.destroy();
    },
  };
}
