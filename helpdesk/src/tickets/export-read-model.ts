import { type Executor, fixed, isoText, type Position } from '@insightdesk/shared/db';
import { sql } from 'drizzle-orm';

/**
 * The read model for exports: an organization's tickets with their threads, as an export's file
 * writes them, a page at a time. It reads `tickets` and `messages`, never writes.
 */

/**
 * Oldest first, spelled as `tickets_org_created_idx` read backwards (it is newest first, NULLS
 * LAST): PostgreSQL then walks the index from the page's position and stops after the page,
 * where `created_at, id` (NULLS LAST) read every later ticket of the organization and sorted
 * them, for each page — an export's time grew with the square of the organization's tickets.
 */
const OLDEST_FIRST = fixed(sql`created_at asc nulls first, id asc nulls first`);
const OLDEST_FIRST_T = fixed(sql`t.created_at asc nulls first, t.id asc nulls first`);

/** The position of every `every`-th ticket of the organization, oldest first (keyset). */
export async function everyNthTicket(
  db: Executor,
  orgId: string,
  every: number,
): Promise<Position[]> {
  const rows = await db.execute<{ at: string; id: string }>(sql`
    select ${isoText(sql`created_at`)} as at, id from (
      select created_at, id, row_number() over (order by ${OLDEST_FIRST}) as n
        from tickets where org_id = ${orgId}) numbered
     where n % ${every} = 0
     order by ${OLDEST_FIRST}`);
  return rows.map((r) => ({ at: new Date(r.at), id: r.id }));
}

/** A message as an export writes it (the order of its fields is the file's). */
const exportedMessage = fixed(sql`json_build_object(
  'id', m.id, 'authorId', coalesce(m.author_id, m.author_contact_id), 'body', m.body,
  'internal', m.internal, 'createdAt', ${isoText(sql`m.created_at`)})`);

/**
 * An exported ticket's thread is written with its ticket up to this many bytes (its bodies, and
 * 256 a message for the rest): as JSON at most six times that (every character escaped).
 */
const EXPORT_INLINE_THREAD_BYTES = 64 * 1024;

export interface ExportedTicket {
  readonly position: Position;
  /** The ticket's JSON object without its messages (they are its last field). */
  readonly head: string;
  /** Its messages as a JSON array when the thread is small; else null: read them in pages. */
  readonly messages: string | null;
}

/**
 * Exports: the next `limit` tickets after `cursor` (null: after `range.after`) up to `range.until`
 * (inclusive; null: the end), oldest first. A thread of at most `EXPORT_INLINE_THREAD_BYTES`
 * comes with its ticket; a longer one is read with `exportedMessagePage`, so that no
 * value built here (or held by the caller) grows with a thread.
 */
export async function exportedTickets(
  db: Executor,
  orgId: string,
  range: { after: Position | null; until: Position | null },
  cursor: Position | null,
  limit: number,
): Promise<ExportedTicket[]> {
  const key = (p: Position) => sql`(${p.at.toISOString()}::timestamptz, ${p.id}::uuid)`;
  const after = cursor ?? range.after;
  const rows = await db.execute<{
    at: string;
    id: string;
    head: string;
    messages: string | null;
  }>(sql`
    select ${isoText(sql`t.created_at`)} as at, t.id,
           json_build_object(
             'id', t.id, 'number', t.number, 'subject', t.subject, 'status', t.status,
             'priority', t.priority, 'requesterId', coalesce(t.requester_id, t.contact_id),
             'assigneeId', t.assignee_id,
             'createdAt', ${isoText(sql`t.created_at`)}, 'updatedAt', ${isoText(sql`t.updated_at`)}
           )::text as head,
           -- the lengths are read from the rows' headers (a body is not decompressed to be
           -- measured); a message's other fields count as 256 bytes
           case when (select coalesce(sum(octet_length(m.body) + 256), 0) from messages m
                       where m.ticket_id = t.id) <= ${EXPORT_INLINE_THREAD_BYTES}
                then coalesce((select json_agg(${exportedMessage} order by m.created_at, m.id)
                                 from messages m where m.ticket_id = t.id), '[]'::json)::text
           end as messages
      from tickets t
     where t.org_id = ${orgId}
       ${after ? sql`and (t.created_at, t.id) > ${key(after)}` : sql``}
       ${range.until ? sql`and (t.created_at, t.id) <= ${key(range.until)}` : sql``}
     order by ${OLDEST_FIRST_T}
     limit ${limit}`);
  return rows.map((r) => ({
    position: { at: new Date(r.at), id: r.id },
    head: r.head,
    messages: r.messages,
  }));
}

/** A long thread's messages as an export writes them: `limit` after `cursor`, oldest first. */
export async function exportedMessagePage(
  db: Executor,
  ticketId: string,
  cursor: { at: string; id: string } | null,
  limit: number,
): Promise<{ json: string; at: string; id: string }[]> {
  return db.execute<{ json: string; at: string; id: string }>(sql`
    select ${exportedMessage}::text as json, ${isoText(sql`m.created_at`)} as at, m.id
      from messages m
     where m.ticket_id = ${ticketId}
       ${cursor ? sql`and (m.created_at, m.id) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : sql``}
     order by m.created_at, m.id
     limit ${limit}`);
}
