import type postgres from 'postgres';

/**
 * Removes the data set (every `scale-org-*` organization and what it holds), table by table in
 * replication-replica mode: the audit log's own triggers refuse deletes, and the cascades would
 * walk 10 M rows one at a time. The organizations' Valkey streams expire on their own.
 */
export async function dropDataSet(sql: postgres.Sql, log = console.error) {
  log('==> removing the scale data set');
  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`create temporary table scale_orgs on commit drop as
      select id from organizations where name like 'scale-org-%'`;
    await tx`create temporary table scale_tickets on commit drop as
      select t.id from tickets t where t.org_id in (select id from scale_orgs)`;
    for (const table of ['ticket_search', 'ticket_status_changes'])
      await tx.unsafe(`delete from ${table} where ticket_id in (select id from scale_tickets)`);
    for (const table of [
      'notifications',
      'attachments',
      'sla_firings',
      'ticket_slas',
      'sla_calendars',
      'feature_overrides',
      'messages',
      'tickets',
      'outbox',
      'exports',
      'sla_policies',
      'org_analytics',
      'ticket_counters',
      'memberships',
    ])
      await tx.unsafe(`delete from ${table} where org_id in (select id from scale_orgs)`);
    await tx`delete from audit_log where organization_id in (select id from scale_orgs)`;
    await tx`delete from audit_anchors where chain in (select id::text from scale_orgs)`;
    for (const table of ['refresh_tokens', 'account_tokens'])
      await tx.unsafe(`delete from ${table} where user_id in
        (select id from users where email like 'scale-owner-%@scale.test')`);
    await tx`delete from users where email like 'scale-owner-%@scale.test'`;
    await tx`delete from organizations where id in (select id from scale_orgs)`;
  });
}
