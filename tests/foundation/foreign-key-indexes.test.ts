import { afterAll, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { ROOT } from '../support/root';

// A foreign key whose referencing columns lead no index makes every removal (or key change) of a
// parent row scan the child table: without its index, a ticket's removal scans the notifications
// once per message (89 % of a message's delete, bench/README.md). Each one left without is a
// decision, named here with its reason; a new foreign key gets an index or a line here.
const withoutIndex: Record<string, string> = {
  // Removed with their organization only, which takes everything of it at once.
  'attachments.org_id': 'organization removal only',
  'feature_overrides.org_id': 'organization removal only',
  'messages.org_id': 'organization removal only',
  'notifications.org_id': 'organization removal only',
  // No operation removes a user (their accounts stay; sessions end by their epoch). Should one
  // come, these scan their tables once per user; an index would cost every write of the child,
  // the hot ones a reply's message and a new ticket.
  'messages.author_id': 'no user removal; every reply would pay the index',
  'tickets.requester_id': 'no user removal; every new ticket would pay the index',
  'tickets.assignee_id': 'no user removal; every assignment would pay the index',
  'attachments.uploaded_by': 'no user removal',
  'notifications.actor_id': 'no user removal',
  'invitations.invited_by': 'no user removal',
  'exports.requested_by': 'no user removal',
  'feature_overrides.updated_by': 'no user removal',
  'oidc_providers.updated_by': 'no user removal',
  'refresh_tokens.user_id': 'no user removal',
  // No operation removes a contact but its organization's removal.
  'messages.author_contact_id': 'no contact removal',
  'tickets.contact_id': 'no contact removal',
  'attachments.uploaded_by_contact': 'no contact removal',
  // A policy's removal is an admin's rare act, and recomputes the organization anyway.
  'sla_firings.policy_id': 'policy removal is rare',
  'ticket_slas.policy_id': 'policy removal is rare',
};

const url = loadConfig({ db: dbConfig }, { dir: ROOT }).db.url;
const sql = postgres(url, { max: 1 });
afterAll(() => sql.end({ timeout: 5 }));

test('every foreign key has an index on its referencing columns, or a stated reason not to', async () => {
  const rows = await sql<{ fk: string }[]>`
    select c.conrelid::regclass::text || '.' ||
           (select string_agg(a.attname, ',' order by k.ord)
              from unnest(c.conkey) with ordinality k(attnum, ord)
              join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) as fk
      from pg_constraint c
     where c.contype = 'f' and c.connamespace = 'public'::regnamespace
       and not exists (
         select 1 from pg_index i
          where i.indrelid = c.conrelid
            and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
            and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)`;
  // The product's lines hold where its tables are (a platform without the help desk has none).
  const tables = new Set(
    (
      await sql<{ name: string }[]>`
        select tablename as name from pg_tables where schemaname = 'public'`
    ).map((t) => t.name),
  );
  const expected = Object.keys(withoutIndex).filter((fk) => tables.has(fk.split('.')[0] ?? ''));
  expect(rows.map((r) => r.fk).sort()).toEqual(expected.sort());
});
