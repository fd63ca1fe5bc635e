import type { Executor } from '@insightdesk/shared/db';
import { sql } from 'drizzle-orm';

/**
 * The one owner of `contacts`: who wrote to an organization by email, known by address only —
 * never a member, no password, no session.
 */

/**
 * The organization's contact for `email`, created on first mail. Its name is the From's display
 * name (the address when there is none); a later mail with another display name renames it — later
 * by the mail's id (`mailId`, a UUIDv7 given when the mail was received), so a held mail released
 * after newer ones does not bring an old name back. Without `mailId` (no mail), nothing is renamed.
 */
export async function contactFor(
  tx: Executor,
  orgId: string,
  email: string,
  name: string,
  mailId?: string,
): Promise<{ id: string; bounced: boolean }> {
  // A display name, not the address standing in for one.
  const named =
    mailId !== undefined && name.trim() !== '' && name.toLowerCase() !== email.toLowerCase();
  const namedBy = named ? (mailId ?? null) : null;
  const [row] = await tx.execute<{ id: string; bounced: boolean }>(sql`
    with found as (
      select id, bounced_at is not null as bounced from contacts
       where org_id = ${orgId} and lower(email) = lower(${email})),
    renamed as (
      update contacts set name = ${name}, named_by = ${namedBy}::uuid
       where id = (select id from found) and ${named}
         and name is distinct from ${name}
         and (named_by is null or named_by < ${namedBy}::uuid)
      returning id),
    made as (
      insert into contacts (id, org_id, email, name, named_by)
      select ${Bun.randomUUIDv7()}, ${orgId}, ${email}, ${name}, ${namedBy}::uuid
       where not exists (select 1 from found)
      on conflict do nothing
      returning id, false as bounced)
    select * from found union all select * from made`);
  if (row) return row;
  // Created by a concurrent mail between the two: it is there now (named by that mail).
  const [again] = await tx.execute<{ id: string; bounced: boolean }>(sql`
    select id, bounced_at is not null as bounced from contacts
     where org_id = ${orgId} and lower(email) = lower(${email})`);
  if (!again) throw new Error('contact neither found nor created');
  return again;
}

/** A delivery status notification said mail to `email` fails: nothing more is mailed to it. */
export async function markContactBounced(
  tx: Executor,
  orgId: string,
  email: string,
): Promise<number> {
  const rows = await tx.execute(sql`
    update contacts set bounced_at = coalesce(bounced_at, now())
     where org_id = ${orgId} and lower(email) = lower(${email})
    returning id`);
  return rows.length;
}

/** Whether mail to the organization's contact at `email` bounced. */
export async function contactBounced(db: Executor, orgId: string, email: string) {
  const [row] = await db.execute<{ bounced: boolean }>(sql`
    select bounced_at is not null as bounced from contacts
     where org_id = ${orgId} and lower(email) = lower(${email})`);
  return row?.bounced ?? false;
}
