import { readFileSync } from 'node:fs';
import type { Sql } from 'postgres';
import { registerOwner } from './api';
import { call } from './http';
import { eventually, processInfo } from './stack';

/** What the claim protocol (shared/src/mail/deliveries.ts) recorded for a dedupe key. */
export async function deliveryOf(sql: Sql, dedupeKey: string) {
  const [row] = await sql<{ sent: boolean; claimed: boolean }[]>`
    select sent_at is not null as sent, claimed_until is not null as claimed
      from email_deliveries where dedupe_key = ${dedupeKey}`;
  return row;
}

/** An invitation to `address`; its email job is `invitation-<id>` (see the worker's effects). */
export async function invite(address: string) {
  const owner = await registerOwner();
  const res = await call(`/api/v1/orgs/${owner.orgId}/invitations`, {
    token: owner.token,
    body: { email: address, role: 'agent' },
  });
  if (res.status !== 201) throw new Error(`invitation failed: ${res.status} ${res.text}`);
  const invitationId = String(res.body.id);
  return {
    owner,
    invitationId,
    jobId: `invitation-${invitationId}`,
    dedupeKey: `invitation:${invitationId}`,
  };
}

/**
 * A transaction of the test's own that holds row locks, to stop a worker's statement at a chosen
 * point: `blocked()` lists the backends waiting on it (their application name is the instance,
 * `statement` what they run: its first insert, update or delete, else select — a mail's read that
 * also claims it, `with source as (select …), claimed as (insert …)`, is an insert).
 */
export async function lockHolder(sql: Sql) {
  const conn = await sql.reserve();
  const [self] = await conn<{ pid: number }[]>`select pg_backend_pid() as pid`;
  await conn`begin`;
  let open = true;
  return {
    sql: conn,
    async blocked() {
      return sql<{ pid: number; instance: string; statement: string; query: string }[]>`
        select pid, application_name as instance, query,
               lower(coalesce(substring(query from '(?i)\\m(insert|update|delete)\\M'),
                              substring(query from '(?i)\\m(select)\\M'))) as statement
          from pg_stat_activity
         where ${self?.pid ?? 0}::int = any(pg_blocking_pids(pid))`;
    },
    /** Rolls back: what waited on the locks goes ahead. */
    async release() {
      if (!open) return;
      open = false;
      await conn`rollback`;
      conn.release();
    },
  };
}

/** Ends a backend as a lost connection would, and waits until it is gone. */
export async function terminateBackend(sql: Sql, pid: number) {
  await sql`select pg_terminate_backend(${pid}::int)`;
  await eventually(async () => {
    const rows = await sql`select 1 from pg_stat_activity where pid = ${pid}::int`;
    return rows.length === 0;
  });
}

const exited = (pid: number) => {
  try {
    // A zombie (state Z) has exited too: its sockets are closed, only its parent has to reap it.
    return / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ''));
  } catch {
    return true;
  }
};

/** SIGKILLs one of the stack's processes (`./stack` restarts it) and waits until it has exited. */
export async function killInstance(instance: string): Promise<void> {
  const pid = (await processInfo(instance)).pid;
  if (!pid) throw new Error(`${instance} is not running`);
  process.kill(pid, 'SIGKILL');
  await eventually(() => exited(pid));
}
