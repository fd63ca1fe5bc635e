import {
  decodeCursor,
  type Executor,
  fixed,
  isoText,
  type Page,
  type Position,
  plannedPerExecution,
  toPage,
} from '@insightdesk/shared/db';
import { type SQL, sql } from 'drizzle-orm';
import type { Access } from '../access';
import type { Ticket, TicketPriority, TicketStatus } from '../schemas';
import { reachedBy, type TicketRow, ticket, ticketSelect } from './ticket';

/**
 * Lists and search: the one owner of `ticket_search`, each ticket's words (its subject's and
 * its public messages'), kept by the triggers `tickets_search_on_ticket` and
 * `tickets_search_on_message`. The words are a table of their own so that a reply changes no
 * indexed column of its ticket (an update PostgreSQL keeps in the row's page).
 */

export interface TicketFilters {
  readonly status?: TicketStatus;
  readonly priority?: TicketPriority;
  readonly assigneeId?: string;
  readonly q?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** Newest first, as `tickets_org_created_idx` holds them (NULLS LAST spelled out: see below). */
const NEWEST_FIRST = fixed(sql`order by t.created_at desc nulls last, t.id desc nulls last`);

/**
 * The tickets the grant reaches, newest first, keyset-paginated on (createdAt, id); `q` is
 * Postgres full-text search over `ticket_search` (a ticket's subject and public messages), the
 * organization's words only (searchPage). The ORDER BY spells out the index's NULLS LAST so that
 * PostgreSQL walks the index and stops after one page instead of sorting the organization's
 * tickets.
 */
export async function listTickets(
  db: Executor,
  access: Access,
  f: TicketFilters,
): Promise<Page<Ticket>> {
  const after = decodeCursor(f.cursor);
  const filters: SQL[] = [reachedBy(access)];
  if (f.status) filters.push(sql`t.status = ${f.status}`);
  if (f.priority) filters.push(sql`t.priority = ${f.priority}`);
  if (f.assigneeId) filters.push(sql`t.assignee_id = ${f.assigneeId}`);
  const rows = f.q
    ? await searchPage(db, { orgId: access.orgId, filters, after, q: f.q, limit: f.limit + 1 })
    : await db.execute<TicketRow>(sql`${ticketSelect}
        where ${olderThan(filters, after)} ${NEWEST_FIRST} limit ${f.limit + 1}`);
  return toPage([...rows], f.limit, ticket, (r) => ({ at: new Date(r.created_at), id: r.id }));
}

/** The filters, and the cursor's position when there is one. */
const olderThan = (filters: readonly SQL[], after: Position | undefined) =>
  sql.join(
    [
      ...filters,
      ...(after
        ? [sql`(t.created_at, t.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`]
        : []),
    ],
    sql` and `,
  );

/** How many of the newest tickets a search looks through before it reads its words' matches. */
export const SEARCH_WALK = 256;

/** A row of a search's walk: a ticket of the walk that matches, or the walk's last one. */
export interface WalkedTicket {
  readonly id: string;
  readonly createdAt: string;
  /** Its place in the walk, from 1. */
  readonly n: number;
  readonly matches: boolean;
}

/**
 * What a search's walk found: the page (`limit` matches, or every match when the walk reached
 * the end of the tickets), or the matches so far and where the walk stopped — the search goes on
 * from there through its words' matches.
 */
export function afterWalk(
  rows: readonly WalkedTicket[],
  limit: number,
  walk = SEARCH_WALK,
): { matches: string[]; goOnFrom: Position | null } {
  const matches = rows.filter((r) => r.matches).map((r) => r.id);
  const last = rows.find((r) => r.n === walk);
  if (matches.length >= limit || !last) return { matches: matches.slice(0, limit), goOnFrom: null };
  return { matches, goOnFrom: { at: new Date(last.createdAt), id: last.id } };
}

/**
 * A search's page. A word in many tickets is found among the newest ones, a rare word only through
 * its matches (the organization's GIN entries: `ticket_search_org_idx`). So the search first walks
 * the newest `SEARCH_WALK` tickets the filters reach and tests each one's words: one prepared
 * statement whose cost is the walk's, whatever the word and the size of the organization. Only a
 * word the walk did not find a page of reads its matches older than the walk, in a statement
 * planned with its word each time (a common word's generic plan read and sorted all its matches:
 * 580 ms at 1 M tickets), and kept small: planning the list's whole select cost 3.6 ms against
 * 0.2 ms of running it. The page's rows are then read by id, prepared.
 */
async function searchPage(
  db: Executor,
  s: {
    orgId: string;
    filters: readonly SQL[];
    after: Position | undefined;
    q: string;
    limit: number;
  },
): Promise<TicketRow[]> {
  const query = sql`websearch_to_tsquery('english', ${s.q})`;
  // Every ticket of the walk is tested (a sort keeps the page's order: PostgreSQL does not carry
  // the walk's order through the subquery that tests each ticket once), each in 1–2 µs: its words
  // are read by their key, and the query is parsed once (a subquery of its own). A scalar
  // subquery, not EXISTS: PostgreSQL may turn an EXISTS into a hashed subplan that reads every
  // match of the word.
  const walked = await db.execute<{ id: string; created_at: string; n: number; matches: boolean }>(
    sql`
    select x.id, ${isoText(sql`x.created_at`)} as created_at, x.n, x.matches
      from (select w.id, w.created_at, w.n,
                   coalesce((select ts.search @@ (select ${query}) from ticket_search ts
                              where ts.ticket_id = w.id), false) as matches
              from (select t.id, t.created_at,
                           row_number() over (${NEWEST_FIRST})::int as n
                      from tickets t where ${olderThan(s.filters, s.after)} ${NEWEST_FIRST}
                     limit ${SEARCH_WALK}) w
            offset 0) x
     where x.matches or x.n = ${SEARCH_WALK}
     order by x.created_at desc nulls last, x.id desc nulls last
     limit ${s.limit}`,
  );
  const walk = afterWalk(
    walked.map((r) => ({ id: r.id, createdAt: r.created_at, n: r.n, matches: r.matches })),
    s.limit,
  );
  const ids = [...walk.matches];
  if (walk.goOnFrom) {
    const older = await db.execute<{ id: string }>(sql`${plannedPerExecution}
      select t.id from tickets t
       where ${olderThan(s.filters, walk.goOnFrom)}
         and t.id in (select ts.ticket_id from ticket_search ts
                       where ts.org_id = ${s.orgId} and ts.search @@ ${query})
       ${NEWEST_FIRST} limit ${s.limit - ids.length}`);
    ids.push(...older.map((r) => r.id));
  }
  if (ids.length === 0) return [];
  return [
    ...(await db.execute<TicketRow>(sql`${ticketSelect}
      where t.id = any(${`{${ids.join(',')}}`}::uuid[]) ${NEWEST_FIRST}`)),
  ];
}
