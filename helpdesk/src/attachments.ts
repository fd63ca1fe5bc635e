import {
  decodeCursor,
  type Executor,
  isForeignKeyViolation,
  isoText,
  type Page,
  toPage,
} from '@insightdesk/shared/db';
import { NotFoundError } from '@insightdesk/shared/errors';
import { isUuid } from '@insightdesk/shared/tenancy';
import { sql } from 'drizzle-orm';
import type { Access } from './access';
import { recordEvent } from './event-writer';
import type { ATTACHMENT_STATUSES } from './schemas';
import { getTicket, ticketNotFound } from './tickets/ticket';

/** The one owner of the `attachments` table. */

export interface AttachmentRow {
  readonly id: string;
  readonly ticketId: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly storageKey: string;
  readonly thumbnailKey: string | null;
  readonly status: (typeof ATTACHMENT_STATUSES)[number];
  readonly failureReason: string | null;
  readonly createdAt: string;
}

type Raw = {
  id: string;
  ticket_id: string;
  filename: string;
  content_type: string;
  size: string | number;
  storage_key: string;
  thumbnail_key: string | null;
  status: AttachmentRow['status'];
  failure_reason: string | null;
  created_at: string;
};

const row = (r: Raw): AttachmentRow => ({
  id: r.id,
  ticketId: r.ticket_id,
  filename: r.filename,
  contentType: r.content_type,
  size: Number(r.size),
  storageKey: r.storage_key,
  thumbnailKey: r.thumbnail_key,
  status: r.status,
  failureReason: r.failure_reason,
  createdAt: r.created_at,
});

const columns = sql`id, ticket_id, filename, content_type, size, storage_key, thumbnail_key, status,
  failure_reason, ${isoText(sql`created_at`)} as created_at`;

/** Records an upload whose bytes are stored; the worker makes it `ready` (thumbnail first). */
export async function createAttachment(
  tx: Executor,
  scope: Access,
  ticketId: string,
  file: { id: string; filename: string; contentType: string; size: number; storageKey: string },
): Promise<AttachmentRow> {
  await getTicket(tx, scope, ticketId); // 404 unless the grant reaches it
  let created: Raw | undefined;
  try {
    [created] = await tx.execute<Raw>(sql`
      insert into attachments (id, org_id, ticket_id, uploaded_by, filename, content_type, size, storage_key)
      values (${file.id}, ${scope.orgId}, ${ticketId}, ${scope.userId}, ${file.filename}, ${file.contentType},
              ${file.size}, ${file.storageKey})
      returning ${columns}`);
  } catch (err) {
    // Deleted meanwhile: `deleteTicket` locks the ticket's row, so this insert's key check waited
    // for it and then found the ticket gone. The same answer as for a ticket never there.
    if (isForeignKeyViolation(err, 'attachments_ticket_id_tickets_id_fk')) throw ticketNotFound();
    throw err;
  }
  if (!created) throw new Error('insert returned nothing');
  await recordEvent(tx, scope.orgId, 'attachment.uploaded', { attachmentId: file.id, ticketId });
  return row(created);
}

/**
 * A file of a contact's mail on their ticket (inbound mail, in its processing's transaction),
 * stored already; processed like an upload (`attachment.uploaded`: thumbnail, then ready).
 */
export async function createContactAttachment(
  tx: Executor,
  orgId: string,
  ticketId: string,
  contactId: string,
  file: { id: string; filename: string; contentType: string; size: number; storageKey: string },
): Promise<void> {
  await tx.execute(sql`
    insert into attachments (id, org_id, ticket_id, uploaded_by_contact, filename, content_type, size, storage_key)
    values (${file.id}, ${orgId}, ${ticketId}, ${contactId}, ${file.filename}, ${file.contentType},
            ${file.size}, ${file.storageKey})`);
  await recordEvent(tx, orgId, 'attachment.uploaded', { attachmentId: file.id, ticketId });
}

export async function getAttachment(
  db: Executor,
  scope: Access,
  ticketId: string,
  attachmentId: string,
): Promise<AttachmentRow> {
  await getTicket(db, scope, ticketId);
  if (!isUuid(attachmentId)) throw new NotFoundError('attachment_not_found', 'No such attachment.');
  const [found] = await db.execute<Raw>(sql`
    select ${columns} from attachments
     where org_id = ${scope.orgId} and ticket_id = ${ticketId} and id = ${attachmentId}`);
  if (!found) throw new NotFoundError('attachment_not_found', 'No such attachment.');
  return row(found);
}

/**
 * A page of the ticket's attachments, oldest first (keyset on created_at, id); 404 unless the
 * grant reaches the ticket, as for one attachment.
 */
export async function listAttachments(
  db: Executor,
  scope: Access,
  ticketId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<AttachmentRow>> {
  await getTicket(db, scope, ticketId);
  const after = decodeCursor(page.cursor);
  const rows = await db.execute<Raw>(sql`
    select ${columns} from attachments
     where org_id = ${scope.orgId} and ticket_id = ${ticketId}
       ${after ? sql`and (created_at, id) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
     order by created_at, id
     limit ${page.limit + 1}`);
  return toPage([...rows], page.limit, row, (r) => ({ at: new Date(r.created_at), id: r.id }));
}

/**
 * For the worker: the attachment and its ticket's requester, joined from `tickets` (null when
 * deleted meanwhile).
 */
export async function attachmentForProcessing(
  db: Executor,
  orgId: string,
  attachmentId: string,
): Promise<(AttachmentRow & { requesterId: string }) | null> {
  const [found] = await db.execute<Raw & { requester_id: string }>(sql`
    select ${sql.raw('a.id, a.ticket_id, a.filename, a.content_type, a.size, a.storage_key, a.thumbnail_key, a.status, a.failure_reason')},
           ${isoText(sql`a.created_at`)} as created_at,
           coalesce(t.requester_id, t.contact_id) as requester_id
      from attachments a join tickets t on t.id = a.ticket_id
     where a.org_id = ${orgId} and a.id = ${attachmentId}`);
  return found ? { ...row(found), requesterId: found.requester_id } : null;
}

/**
 * Marks it ready (with its thumbnail, for images) and announces `attachment.ready`. Answers
 * whether the attachment is still there (false: deleted with its ticket meanwhile).
 */
export async function markAttachmentReady(
  tx: Executor,
  orgId: string,
  attachment: AttachmentRow & { requesterId: string },
  thumbnailKey: string | null,
): Promise<boolean> {
  const updated = await tx.execute(sql`
    update attachments set status = 'ready', thumbnail_key = ${thumbnailKey}, updated_at = now()
     where org_id = ${orgId} and id = ${attachment.id} and status <> 'ready'
     returning id`);
  if (updated.length === 0) {
    // Already done by an earlier run, or gone.
    const [still] = await tx.execute(sql`
      select 1 from attachments where org_id = ${orgId} and id = ${attachment.id}`);
    return still !== undefined;
  }
  await recordEvent(tx, orgId, 'attachment.ready', {
    ticketId: attachment.ticketId,
    requesterId: attachment.requesterId,
    attachment: {
      id: attachment.id,
      filename: attachment.filename,
      contentType: attachment.contentType,
      size: attachment.size,
      hasThumbnail: thumbnailKey !== null,
    },
  });
  return true;
}

/** What a thumbnail's download is called. */
export const thumbnailName = (filename: string) => `${filename}.thumbnail.webp`;

/** What a signed file URL serves: the original's type and name, or a thumbnail (null: neither). */
export async function storedFileMeta(
  db: Executor,
  key: string,
): Promise<{ contentType: string; filename: string } | null> {
  const [found] = await db.execute<{
    content_type: string;
    filename: string;
    thumbnail: boolean;
  }>(sql`
    select content_type, filename, thumbnail_key = ${key} as thumbnail
      from attachments where storage_key = ${key} or thumbnail_key = ${key} limit 1`);
  if (!found) return null;
  return found.thumbnail
    ? { contentType: 'image/webp', filename: thumbnailName(found.filename) }
    : { contentType: found.content_type, filename: found.filename };
}

/**
 * Processing gave up: the file is unusable (an image that does not decode, or too large to
 * thumbnail) or its retries ran out. The reason is kept for the uploader.
 */
export async function markAttachmentFailed(
  tx: Executor,
  orgId: string,
  attachmentId: string,
  reason: string,
): Promise<void> {
  await tx.execute(sql`
    update attachments set status = 'failed', failure_reason = ${reason.slice(0, 500)}, updated_at = now()
     where org_id = ${orgId} and id = ${attachmentId} and status = 'pending'`);
}
