import {
  decodeCursor,
  type Executor,
  fixed,
  type Page,
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
 * organization's words only (`ticket_search_org_idx` holds both: a rare word reads its matches in
 * this organization, not in every one). The ORDER BY spells out the index's NULLS LAST so that
 * PostgreSQL walks the index and stops after one page instead of sorting the organization's
 * tickets.
 */
export async function listTickets(
  db: Executor,
  access: Access,
  f: TicketFilters,
): Promise<Page<Ticket>> {
  const after = decodeCursor(f.cursor);
  const conditions: SQL[] = [reachedBy(access)];
  if (f.status) conditions.push(sql`t.status = ${f.status}`);
  if (f.priority) conditions.push(sql`t.priority = ${f.priority}`);
  if (f.assigneeId) conditions.push(sql`t.assignee_id = ${f.assigneeId}`);
  if (f.q)
    conditions.push(sql`t.id in (
      select s.ticket_id from ticket_search s
       where s.org_id = ${access.orgId}
         and s.search @@ websearch_to_tsquery('english', ${f.q}))`);
  if (after)
    conditions.push(
      sql`(t.created_at, t.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`,
    );
  const where = sql.join(conditions, sql` and `);
  const rows = f.q
    ? await searchPage(db, where, f.limit + 1)
    : await db.execute<TicketRow>(sql`${ticketSelect} where ${where} ${NEWEST_FIRST}
        limit ${f.limit + 1}`);
  return toPage([...rows], f.limit, ticket, (r) => ({ at: new Date(r.created_at), id: r.id }));
}

/**
 * A search's page in two statements. Its plan follows its words (a common one walks the newest
 * tickets and stops at a page, a rare one reads its matches), so the statement that finds the
 * page is planned with them at each execution — and is kept small, since planning the list's
 * whole select (its names' subqueries, the service levels' join) cost 3.6 ms a search against
 * 0.2 ms of running it. The page's rows are then read by id, prepared as every other statement.
 */
async function searchPage(db: Executor, where: SQL, limit: number): Promise<TicketRow[]> {
  const found = await db.execute<{ id: string }>(sql`${plannedPerExecution}
    select t.id from tickets t where ${where} ${NEWEST_FIRST} limit ${limit}`);
  if (found.length === 0) return [];
  const ids = `{${found.map((r) => r.id).join(',')}}`;
  return [
    ...(await db.execute<TicketRow>(sql`${ticketSelect}
      where t.id = any(${ids}::uuid[]) ${NEWEST_FIRST}`)),
  ];
}
