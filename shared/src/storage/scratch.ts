import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { CannotSucceedError } from '../errors';

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

/** What `scratchPath` names a file: what it holds, then a UUIDv7. */
const SCRATCH_NAME =
  /^[A-Za-z0-9.-]+-[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Maintenance: the scratch files a killed process left (a graceful stop removes its own), those
 * older than a day — only files named as `scratchPath` names them, never what a link points to.
 * Answers how many went.
 */
export async function purgeScratch(dir: string, now = Date.now()): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    if (!SCRATCH_NAME.test(name)) continue;
    const path = join(dir, name);
    const info = await lstat(path).catch(() => null);
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

/**
 * A write would take the file past its `maxBytes`: nothing more is written. A job that meets it
 * fails at once (`CannotSucceedError`): the same data would pass the bound again.
 */
export class ScratchFileTooLarge extends CannotSucceedError {
  override readonly name = 'ScratchFileTooLarge';
}

export interface ScratchWriterOptions {
  /** Gzipped as it is written. */
  readonly gzip?: boolean;
  /**
   * The most the file may hold (after compression): a write past it throws
   * `ScratchFileTooLarge`, before the volume fills (on Kubernetes a full `emptyDir` evicts the
   * whole pod, every job on it).
   */
  readonly maxBytes?: number;
  /**
   * A full collection after each this many characters (or bytes) written. What passes through is
   * garbage once written (the strings read, their encoded bytes) and the engine collects it
   * lazily: 80 MB written kept ~170 MB resident beyond the process's own, 160 MB about as much;
   * a collection every 8 M (a few ms on a worker's heap, the event loop waiting) keeps it to
   * ~50 MB (an export's part, measured). None by default: it stalls the whole process.
   */
  readonly collectEvery?: number;
}

/** Writes `path`, holding no more than the stream's buffer; the file only its owner may read. */
export function scratchWriter(path: string, options: ScratchWriterOptions = {}): ScratchWriter {
  const file = createWriteStream(path, { mode: 0o600 });
  const gzip = options.gzip ? createGzip() : null;
  const head: Writable = gzip ?? file;
  const done = gzip ? pipeline(gzip, file) : once(file, 'close');
  // Seen by whoever waits next (a write's drain or the end), never unhandled meanwhile.
  done.catch(() => undefined);
  let sinceCollection = 0;
  return {
    async write(chunk) {
      if (
        options.maxBytes !== undefined &&
        file.bytesWritten + file.writableLength > options.maxBytes
      )
        throw new ScratchFileTooLarge(`a scratch file passed ${options.maxBytes} bytes`);
      if (options.collectEvery !== undefined) {
        sinceCollection += chunk.length;
        if (sinceCollection >= options.collectEvery) {
          sinceCollection = 0;
          Bun.gc(true);
        }
      }
      if (!head.write(chunk)) await Promise.race([once(head, 'drain'), done]);
    },
    async end() {
      head.end();
      await done;
      const { size } = await stat(path);
      if (options.maxBytes !== undefined && size > options.maxBytes)
        throw new ScratchFileTooLarge(`a scratch file passed ${options.maxBytes} bytes`);
      return size;
    },
    abort() {
      head.destroy();
      file.destroy();
    },
  };
}
