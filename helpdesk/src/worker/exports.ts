import { createHash } from 'node:crypto';
import { auditTrail } from '@insightdesk/shared/audit';
import type { Database } from '@insightdesk/shared/db';
import type { JobData, Processors } from '@insightdesk/shared/queues';
import type { Storage } from '@insightdesk/shared/storage';
import {
  auditSection,
  exportById,
  exportKeys,
  exportPart,
  markExportFailed,
  markExportReady,
  requesterScope,
} from '../exports';
import type { exportsQueue } from '../queues';

const position = (p: [string, string] | null) => (p ? { at: new Date(p[0]), id: p[1] } : null);

/**
 * Organization exports. Each part job writes its page of tickets to storage (idempotent: a rerun
 * writes the same key); the assembly — run by BullMQ once every part is done — joins them in
 * order, followed by the organization's audit trail, into one gzipped file, marks the export ready (event and email, once) and removes the
 * parts. A worker killed anywhere in between leaves jobs that BullMQ runs again. Each job acts
 * for the admin who asked and checks, when it runs, that they still are one: otherwise the
 * export fails and nothing more of it is written.
 */
export function exportProcessors(deps: {
  database: Database;
  storage: Storage;
}): Processors<typeof exportsQueue> {
  const { database, storage } = deps;

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
    async part({ exportId, orgId, part, after, until }: JobData<typeof exportsQueue, 'part'>) {
      const check = await wanted(exportId);
      if ('skipped' in check) return { part, skipped: check.skipped };
      const { text, lines } = await exportPart(database.db, orgId, {
        after: position(after),
        until: position(until),
      });
      await storage.putBytes(
        exportKeys.part(orgId, exportId, part),
        new TextEncoder().encode(text),
        'application/x-ndjson',
      );
      return { part, lines };
    },

    async assemble({ exportId, orgId, parts }: JobData<typeof exportsQueue, 'assemble'>, attempt) {
      // The parts hold every ticket in the clear, and nothing else ever removes them.
      const discardParts = async () => {
        for (let part = 0; part < parts; part++)
          await storage.delete(exportKeys.part(orgId, exportId, part)).catch(() => undefined);
      };
      try {
        const check = await wanted(exportId);
        if ('skipped' in check) {
          // A run killed after marking the export ready (or failed) left its parts behind.
          await discardParts();
          return { skipped: check.skipped };
        }
        const hash = createHash('sha256');
        const chunks: Uint8Array[] = [];
        let lines = 0;
        for (let part = 0; part < parts; part++) {
          const bytes = await storage.read(exportKeys.part(orgId, exportId, part));
          hash.update(bytes);
          chunks.push(bytes);
          for (const byte of bytes) if (byte === 10) lines++;
        }
        // The audit trail as it stands now, after the tickets (`lines` counts the tickets).
        const audit = new TextEncoder().encode(
          auditSection(orgId, await auditTrail(database.db, check.scope)),
        );
        hash.update(audit);
        chunks.push(audit);
        const gzipped = Bun.gzipSync(Buffer.concat(chunks));
        const key = exportKeys.file(orgId, exportId);
        await storage.putBytes(key, gzipped, 'application/gzip');
        await database.db.transaction((tx) =>
          markExportReady(tx, exportId, {
            key,
            lines,
            bytes: gzipped.length,
            sha256: hash.digest('hex'),
          }),
        );
        await discardParts();
        return { lines, bytes: gzipped.length };
      } catch (err) {
        if (attempt.final) {
          await markExportFailed(database.db, exportId);
          await discardParts();
        }
        throw err;
      }
    },
  };
}
