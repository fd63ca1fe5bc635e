import type { Database } from '@insightdesk/shared/db';
import {
  attachmentForProcessing,
  markAttachmentFailed,
  markAttachmentReady,
} from '@insightdesk/shared/helpdesk';
import type { attachmentsQueue, JobData } from '@insightdesk/shared/queues';
import { type Storage, thumbnailKey } from '@insightdesk/shared/storage';
import sharp from 'sharp';
import type { Processors } from './types';

const THUMBNAIL_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const THUMBNAIL_SIZE = 256;

/** Images get a thumbnail (sharp, at most 256×256, WebP); then the attachment is ready. */
export function attachmentProcessors(deps: {
  database: Database;
  storage: Storage;
}): Processors<typeof attachmentsQueue> {
  return {
    async process({ orgId, attachmentId }: JobData<typeof attachmentsQueue, 'process'>, attempt) {
      try {
        return await processAttachment(deps, orgId, attachmentId);
      } catch (err) {
        // Out of retries (storage unreachable all along, say): failed, not pending forever.
        if (attempt.final) await markAttachmentFailed(deps.database.db, orgId, attachmentId);
        throw err;
      }
    },
  };
}

async function processAttachment(
  deps: { database: Database; storage: Storage },
  orgId: string,
  attachmentId: string,
) {
  const attachment = await attachmentForProcessing(deps.database.db, orgId, attachmentId);
  if (!attachment) return { skipped: 'attachment gone' };
  if (attachment.status === 'ready') return { skipped: 'already ready' };
  let thumbnail: string | null = null;
  if (THUMBNAIL_TYPES.has(attachment.contentType)) {
    const original = await deps.storage.read(attachment.storageKey);
    let bytes: Buffer;
    try {
      bytes = await sharp(original, { limitInputPixels: 50_000_000 })
        .rotate()
        .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer();
    } catch {
      // Image bytes that do not decode: retrying cannot help.
      await markAttachmentFailed(deps.database.db, orgId, attachmentId);
      return { failed: 'image does not decode' };
    }
    thumbnail = thumbnailKey(orgId, attachmentId);
    await deps.storage.putBytes(thumbnail, new Uint8Array(bytes), 'image/webp');
  }
  await deps.database.db.transaction((tx) => markAttachmentReady(tx, orgId, attachment, thumbnail));
  return { thumbnail: thumbnail !== null };
}
