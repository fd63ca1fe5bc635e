import type { Executor } from '@insightdesk/shared/db';
import { NotFoundError } from '@insightdesk/shared/errors';
import { isCanonicalId } from '@insightdesk/shared/shapes';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import { sql } from 'drizzle-orm';
import { recordEvent } from './event-writer';
import type { Item } from './schemas';

/** The owner of `items` and `item_stamps`: every statement on them is here. */

interface ItemRow extends Record<string, unknown> {
  id: string;
  org_id: string;
  owner_id: string;
  title: string;
  created_at: string;
  stamped_at: string | null;
}

const iso = (at: string | Date) => new Date(at).toISOString();

const itemOf = (row: ItemRow): Item => ({
  id: row.id,
  orgId: row.org_id,
  ownerId: row.owner_id,
  title: row.title,
  createdAt: iso(row.created_at),
  stampedAt: row.stamped_at === null ? null : iso(row.stamped_at),
});

const SELECT = sql`select i.id, i.org_id, i.owner_id, i.title, i.created_at, s.stamped_at
                     from items i left join item_stamps s on s.item_id = i.id`;

/** A new item of the caller's and its `item.created`, in one transaction. */
export function createItem(db: Executor, scope: OrgScope, title: string): Promise<Item> {
  return db.transaction(async (tx) => {
    const [row] = await tx.execute<ItemRow>(sql`
      insert into items (id, org_id, owner_id, title)
      values (${Bun.randomUUIDv7()}, ${scope.orgId}, ${scope.userId}, ${title})
      returning id, org_id, owner_id, title, created_at, null::timestamptz as stamped_at`);
    if (!row) throw new Error('insert returned no row');
    const item = itemOf(row);
    await recordEvent(tx, scope.orgId, 'item.created', { item });
    return item;
  });
}

/** One item of the organization (404 when it has none of that id). */
export async function getItem(db: Executor, orgId: string, itemId: string): Promise<Item> {
  const missing = new NotFoundError('item_not_found', 'No such item in this organization.');
  if (!isCanonicalId(itemId)) throw missing;
  const [row] = await db.execute<ItemRow>(
    sql`${SELECT} where i.org_id = ${orgId} and i.id = ${itemId}`,
  );
  if (!row) throw missing;
  return itemOf(row);
}

/** The organization's newest items. */
export async function listItems(db: Executor, orgId: string, limit: number): Promise<Item[]> {
  const rows = await db.execute<ItemRow>(
    sql`${SELECT} where i.org_id = ${orgId} order by i.created_at desc, i.id desc limit ${limit}`,
  );
  return rows.map(itemOf);
}

/** The `stamp` job's write: the first run stamps it, every run is counted. */
export async function stampItem(db: Executor, orgId: string, itemId: string): Promise<number> {
  const [row] = await db.execute<{ runs: number }>(sql`
    insert into item_stamps (item_id)
    select id from items where id = ${itemId} and org_id = ${orgId}
    on conflict (item_id) do update set runs = item_stamps.runs + 1
    returning runs`);
  return row?.runs ?? 0;
}

/** What the owner's mail says of an item, with the owner's address (none: the item is gone). */
export async function itemMailSource(db: Executor, orgId: string, itemId: string) {
  const [row] = await db.execute<{ title: string; email: string }>(sql`
    select i.title, u.email from items i join users u on u.id = i.owner_id
     where i.id = ${itemId} and i.org_id = ${orgId}`);
  return row ?? null;
}
