import type { Database } from '@insightdesk/shared/db';
import { failsForGood, type JobData, type Processors } from '@insightdesk/shared/queues';
import { attachmentKey, type Storage, thumbnailKey } from '@insightdesk/shared/storage';
import { attachmentForProcessing, markAttachmentFailed, markAttachmentReady } from '../attachments';
import type { attachmentsQueue } from '../queues';

const THUMBNAIL_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const THUMBNAIL_SIZE = 256;

/** The file cannot be processed, and no retry will change that: the reason is kept. */
class Unprocessable extends Error {}

/**
 * Images get a thumbnail (sharp, at most 256×256, WebP); then the attachment is ready. Decoding
 * is bounded: the header is read first and an image above `maxPixels` is refused before any
 * pixel is decoded (a small PNG can claim 7,000 × 7,000), and libvips reads sequentially with
 * one thread and no cache, so a burst costs about one row buffer per job, not a frame each.
 */
export function attachmentProcessors(deps: {
  database: Database;
  storage: Storage;
  maxPixels: number;
}): Processors<typeof attachmentsQueue> {
  return {
    async process({ orgId, attachmentId }: JobData<typeof attachmentsQueue, 'process'>, attempt) {
      try {
        return await processAttachment(deps, orgId, attachmentId);
      } catch (err) {
        if (err instanceof Unprocessable) {
          await markAttachmentFailed(deps.database.db, orgId, attachmentId, err.message);
          return { failed: err.message };
        }
        // Out of retries (storage unreachable all along, say): failed, not pending forever.
        if (failsForGood(attempt, err))
          await markAttachmentFailed(
            deps.database.db,
            orgId,
            attachmentId,
            'The file could not be processed; upload it again later.',
          );
        throw err;
      }
    },

    async discard({ orgId, attachmentIds }: JobData<typeof attachmentsQueue, 'discard'>) {
      for (const id of attachmentIds) await removeFiles(deps.storage, orgId, id);
      return { removed: attachmentIds.length };
    },
  };
}

/** Both files of an attachment, whichever exist (removing a missing one is no error). */
async function removeFiles(storage: Storage, orgId: string, attachmentId: string) {
  await storage.delete(attachmentKey(orgId, attachmentId));
  await storage.delete(thumbnailKey(orgId, attachmentId));
}

let loadingSharp: Promise<typeof import('sharp').default> | undefined;
/** libvips is loaded at the first image, not at the worker's start. */
function loadSharp() {
  loadingSharp ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    sharp.concurrency(1);
    return sharp;
  });
  return loadingSharp;
}

async function thumbnailOf(original: Uint8Array, maxPixels: number): Promise<Buffer> {
  const sharp = await loadSharp();
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ width, height } = await sharp(original).metadata());
  } catch {
    throw new Unprocessable('The image cannot be read.');
  }
  if (!width || !height) throw new Unprocessable('The image cannot be read.');
  if (width * height > maxPixels) {
    throw new Unprocessable(
      `The image is too large to preview (${width} × ${height} pixels; at most ${maxPixels.toLocaleString('en')}).`,
    );
  }
  try {
    return await sharp(original, { limitInputPixels: maxPixels, sequentialRead: true })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
  } catch {
    // Image bytes that do not decode: retrying cannot help.
    throw new Unprocessable('The image cannot be decoded.');
  }
}

async function processAttachment(
  deps: { database: Database; storage: Storage; maxPixels: number },
  orgId: string,
  attachmentId: string,
) {
  const attachment = await attachmentForProcessing(deps.database.db, orgId, attachmentId);
  if (!attachment) return { skipped: 'attachment gone' };
  if (attachment.status !== 'pending') return { skipped: `already ${attachment.status}` };
  let thumbnail: string | null = null;
  if (THUMBNAIL_TYPES.has(attachment.contentType)) {
    const bytes = await thumbnailOf(await deps.storage.read(attachment.storageKey), deps.maxPixels);
    thumbnail = thumbnailKey(orgId, attachmentId);
    await deps.storage.putBytes(thumbnail, new Uint8Array(bytes), 'image/webp');
  }
  const kept = await deps.database.db.transaction((tx) =>
    markAttachmentReady(tx, orgId, attachment, thumbnail),
  );
  if (!kept) {
    // Its ticket was deleted while this ran: the discard job may have come and gone before the
    // thumbnail was written.
    await removeFiles(deps.storage, orgId, attachmentId);
    return { skipped: 'attachment gone' };
  }
  return { thumbnail: thumbnail !== null };
}
