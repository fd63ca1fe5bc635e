import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Database } from '@insightdesk/shared/db';
import { failsForGood, type JobData, type Processors } from '@insightdesk/shared/queues';
import {
  type ScratchWriter,
  type Storage,
  scratchPath,
  scratchWriter,
} from '@insightdesk/shared/storage';
import {
  exportById,
  exportKeys,
  markExportFailed,
  markExportReady,
  requesterScope,
  writeAuditSection,
  writeExportPart,
} from '../exports';
import type { exportsQueue } from '../queues';

/** A gzip stream's inflation, typed for `pipeThrough` of the bytes storage streams. */
const gunzip = () =>
  new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;

const position = (p: [string, string] | null) => (p ? { at: new Date(p[0]), id: p[1] } : null);

/**
 * Organization exports. Each part job writes its page of tickets to storage (idempotent: a rerun
 * writes the same key); the assembly — run by BullMQ once every part is done — joins them in
 * order, followed by the organization's audit trail, into one gzipped file, marks the export
 * ready (event and email, once) and removes the parts. Both write a scratch file as they read
 * (what an organization exports is never held whole: a part, a thread or the file may be larger
 * than the worker's memory) and hand it to storage. A worker killed anywhere in between leaves
 * jobs that BullMQ runs again. Each job acts for the admin who asked and checks, when it runs,
 * that they still are one: otherwise the export fails and nothing more of it is written.
 */
export function exportProcessors(deps: {
  database: Database;
  storage: Storage;
  /** Where the files are written before storage takes them. */
  scratchDir: string;
  /** The most a part or the file may hold, gzipped (EXPORT_MAX_BYTES). */
  maxBytes: number;
}): Processors<typeof exportsQueue> {
  const { database, storage } = deps;
  // Both gzipped as written, bounded; a collection every 8 M characters keeps the worker's memory
  // from following what passes through (ScratchWriterOptions).
  const writing = { gzip: true, maxBytes: deps.maxBytes, collectEvery: 8 * 2 ** 20 };

  /**
   * Writes a scratch file with `fill` and hands it to storage under `key`; the file is removed
   * whatever happens. Answers what `fill` did and the file's size.
   */
  async function stored<T>(
    key: string,
    fill: (out: ScratchWriter) => Promise<T>,
  ): Promise<{ result: T; bytes: number }> {
    const path = await scratchPath(deps.scratchDir, key.replaceAll('/', '-'));
    const out = scratchWriter(path, writing);
    try {
      const result = await fill(out);
      const bytes = await out.end();
      await storage.putFile(key, path, 'application/gzip');
      return { result, bytes };
    } catch (err) {
      out.abort();
      throw err;
    } finally {
      await rm(path, { force: true }); // taken by putFile unless it failed
    }
  }

  /** The export, while it is running and its requester may still have it; else failed. */
  async function wanted(exportId: string) {
    const current = await exportById(database.db, exportId);
    if (current?.status !== 'running') return { skipped: current?.status ?? 'gone' } as const;
    const scope = await requesterScope(database.db, current);
    if (!scope) {
      await markExportFailed(database.db, exportId);
      return { skipped: 'requester is no longer an admin' } as const;
    }
    return { current, scope } as const;
  }

  return {
    async part(
      { exportId, orgId, part, after, until }: JobData<typeof exportsQueue, 'part'>,
      attempt,
    ) {
      const check = await wanted(exportId);
      if ('skipped' in check) return { part, skipped: check.skipped };
      const range = { after: position(after), until: position(until) };
      try {
        const { result: lines } = await stored(exportKeys.part(orgId, exportId, part), (out) =>
          database.db.transaction((tx) => writeExportPart(tx, orgId, range, out.write), {
            isolationLevel: 'repeatable read',
            accessMode: 'read only',
          }),
        );
        return { part, lines };
      } catch (err) {
        // No later attempt writes this part: the export has failed. The assembly, which runs
        // once every part is done or failed, finds it so and only discards the parts.
        if (failsForGood(attempt, err)) await markExportFailed(database.db, exportId);
        throw err;
      }
    },

    async assemble({ exportId, orgId, parts }: JobData<typeof exportsQueue, 'assemble'>, attempt) {
      // The parts hold every ticket in the clear, and nothing else ever removes them.
      const discardParts = async () => {
        for (const key of exportKeys.parts(orgId, exportId, parts))
          await storage.delete(key).catch(() => undefined);
      };
      try {
        const check = await wanted(exportId);
        if ('skipped' in check) {
          // A run killed after marking the export ready (or failed) left its parts behind.
          await discardParts();
          return { skipped: check.skipped };
        }
        const hash = createHash('sha256');
        const key = exportKeys.file(orgId, exportId);
        const { result: lines, bytes } = await stored(key, async (out) => {
          let lines = 0;
          for (let part = 0; part < parts; part++) {
            const gzipped = await storage.stream(exportKeys.part(orgId, exportId, part));
            for await (const chunk of gzipped.pipeThrough(gunzip())) {
              hash.update(chunk);
              for (const byte of chunk) if (byte === 10) lines++;
              await out.write(chunk);
            }
          }
          // The audit trail as it stands now, after the tickets (`lines` counts the tickets).
          await writeAuditSection(database.db, check.scope, async (text) => {
            hash.update(text);
            await out.write(text);
          });
          return lines;
        });
        await database.db.transaction((tx) =>
          markExportReady(tx, exportId, {
            key,
            lines,
            bytes,
            sha256: hash.digest('hex'),
          }),
        );
        await discardParts();
        return { lines, bytes };
      } catch (err) {
        if (failsForGood(attempt, err)) {
          await markExportFailed(database.db, exportId);
          await discardParts();
        }
        throw err;
      }
    },
  };
}
