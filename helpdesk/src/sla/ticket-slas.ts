import { type Executor, isoText, plannedPerExecution, statement } from '@insightdesk/shared/db';
import { sql } from 'drizzle-orm';
import { isPublicReply } from '../public-reply';
import type { TicketPriority, TicketStatus } from '../schemas';
import type { SlaTarget } from '../schemas/sla';
import { policyColumns } from './policies';
import type { StoredTimer, TicketHistory } from './timers';

/**
 * The one owner of `ticket_slas` (each ticket's timers as last computed, and their version),
 * `ticket_status_changes` (written by the trigger `tickets_status_history`; read here) and
 * `sla_firings` (each warning and breach, once). Its reads join `tickets` and `messages` for the
 * history the clocks are computed from, and page through the tickets whose clocks may run.
 */

/**
 * What the clocks are computed from: the ticket, every status it took, its public messages (each
 * a public reply or the requester's side's, public-reply.ts). The ticket's row is share-locked
 * until the transaction ends: a change to it (a message's trigger updates it too) commits before
 * this read or waits for this transaction, so timers computed from an older history never
 * overwrite newer ones.
 */
export async function ticketHistory(
  db: Executor,
  orgId: string,
  ticketId: string,
): Promise<TicketHistory | null> {
  const [ticket] = await db.execute<{ created_at: string; priority: TicketPriority }>(sql`
    select ${isoText(sql`created_at`)} as created_at, priority
      from tickets where org_id = ${orgId} and id = ${ticketId}
       for share`);
  if (!ticket) return null;
  const createdAt = Date.parse(ticket.created_at);
  const statuses = await ticketStatuses(db, ticketId, createdAt);
  const messages = await db.execute<{
    id: string;
    at: string;
    author_id: string | null;
    requester_id: string | null;
  }>(sql`
    select m.id, ${isoText(sql`m.created_at`)} as at, m.author_id, t.requester_id
      from messages m join tickets t on t.id = m.ticket_id
     where m.ticket_id = ${ticketId} and not m.internal
     order by m.created_at, m.id`);
  return {
    createdAt,
    priority: ticket.priority,
    statuses,
    // The requester's side wrote every public message that is not a public reply.
    messages: messages.map((m) => ({
      id: m.id,
      at: Date.parse(m.at),
      byRequester: !isPublicReply({ internal: false, memberAuthorId: m.author_id }, m.requester_id),
    })),
  };
}

/**
 * What a message's recomputation starts from (timersAfterMessage): the ticket's creation,
 * priority, status and every status it took, its stored timers with their policy — not its
 * messages — and whether a public message of the ticket sorts after `messageId` (`laterMessage`).
 * A message is dated when its transaction began, so one whose transaction began earlier can commit
 * after another: then the message is not the thread's newest, and the clocks are computed from the
 * whole history (one probe of `messages_ticket_idx` tells). The ticket's row is share-locked as
 * `ticketHistory` locks it. Null when the ticket or its timers are gone.
 */
export async function ticketClocks(
  db: Executor,
  orgId: string,
  ticketId: string,
  messageId: string,
): Promise<
  | (Pick<TicketHistory, 'createdAt' | 'priority' | 'statuses'> & {
      status: TicketStatus;
      policyId: string | null;
      timers: StoredTimer[];
      laterMessage: boolean;
    })
  | null
> {
  const [row] = await db.execute<{
    created_at: string;
    priority: TicketPriority;
    status: TicketStatus;
    policy_id: string | null;
    timers: StoredTimer[];
    later_message: boolean;
  }>(sql`
    select ${isoText(sql`t.created_at`)} as created_at, t.priority, t.status, s.policy_id, s.timers,
           exists (select 1 from messages n, messages m
                    where n.id = ${messageId} and n.ticket_id = t.id
                      and m.ticket_id = t.id and not m.internal
                      and (m.created_at, m.id) > (n.created_at, n.id)) as later_message
      from tickets t join ticket_slas s on s.ticket_id = t.id
     where t.org_id = ${orgId} and t.id = ${ticketId}
       for share of t`);
  if (!row) return null;
  const createdAt = Date.parse(row.created_at);
  return {
    createdAt,
    priority: row.priority,
    status: row.status,
    statuses: await ticketStatuses(db, ticketId, createdAt),
    policyId: row.policy_id,
    timers: row.timers,
    laterMessage: row.later_message,
  };
}

/** Every status the ticket took, oldest first; `open` at its creation when none was recorded. */
async function ticketStatuses(
  db: Executor,
  ticketId: string,
  createdAt: number,
): Promise<TicketHistory['statuses']> {
  const rows = await db.execute<{ status: TicketStatus; at: string }>(sql`
    select status, ${isoText(sql`at`)} as at
      from ticket_status_changes where ticket_id = ${ticketId} order by at, id`);
  return rows.length > 0
    ? rows.map((s) => ({ status: s.status, at: Date.parse(s.at) }))
    : [{ status: 'open', at: createdAt }];
}

/** When a message of the ticket was written (a waiting clock's start); null when it is gone. */
export async function messageInstant(
  db: Executor,
  ticketId: string,
  messageId: string,
): Promise<number | null> {
  const [row] = await db.execute<{ at: string }>(sql`
    select ${isoText(sql`created_at`)} as at from messages
     where ticket_id = ${ticketId} and id = ${messageId}`);
  return row ? Date.parse(row.at) : null;
}

/**
 * A page of the organization's tickets not solved or closed (their service-level clocks may
 * run), by id after `after`.
 */
export async function unresolvedTicketIds(
  db: Executor,
  orgId: string,
  page: { after: string | null; limit: number },
): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    select id from tickets
     where org_id = ${orgId} and status not in ('solved', 'closed')
       ${page.after ? sql`and id > ${page.after}` : sql``}
     order by id
     limit ${page.limit}`);
  return rows.map((r) => r.id);
}

export interface ComputedSla {
  readonly policy: { readonly id: string; readonly name: string } | null;
  readonly firstResponseDueAt: number | null;
  readonly nextResponseDueAt: number | null;
  readonly resolutionDueAt: number | null;
  readonly breached: readonly SlaTarget[];
  readonly timers: readonly StoredTimer[];
}

const at = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Stores the ticket's timers; a new version when they differ from the stored ones (what a check
 * job of an older version sees, and does nothing). Answers the version and whether it is new.
 */
export async function storeTicketSla(
  tx: Executor,
  orgId: string,
  ticketId: string,
  sla: ComputedSla,
): Promise<{ version: number; changed: boolean }> {
  const timers = JSON.stringify(sla.timers);
  const [row] = await tx.execute<{ version: number; changed: boolean }>(sql`
    with previous as (select timers from ticket_slas where ticket_id = ${ticketId} for update)
    insert into ticket_slas as s (ticket_id, org_id, policy_id, policy_name, first_response_due_at,
                                  next_response_due_at, resolution_due_at, breached, timers)
    values (${ticketId}, ${orgId}, ${sla.policy?.id ?? null}, ${sla.policy?.name ?? null},
            ${at(sla.firstResponseDueAt)}, ${at(sla.nextResponseDueAt)}, ${at(sla.resolutionDueAt)},
            ${JSON.stringify(sla.breached)}::jsonb, ${timers}::jsonb)
    on conflict (ticket_id) do update set
      policy_id = excluded.policy_id, policy_name = excluded.policy_name,
      first_response_due_at = excluded.first_response_due_at,
      next_response_due_at = excluded.next_response_due_at,
      resolution_due_at = excluded.resolution_due_at, breached = excluded.breached,
      timers = excluded.timers,
      version = s.version + (case when s.timers = excluded.timers then 0 else 1 end),
      updated_at = now()
    returning version, (select p.timers from previous p) is distinct from ${timers}::jsonb as changed`);
  if (!row) throw new Error('upsert returned nothing');
  return { version: row.version, changed: row.changed };
}

/** No timers for the ticket (its organization has no policy): a check job left finds none. */
export async function dropTicketSla(tx: Executor, ticketId: string): Promise<void> {
  await tx.execute(sql`delete from ticket_slas where ticket_id = ${ticketId}`);
}

/**
 * What a change's own statement (a reply's: createMessage) reads of the service levels before it
 * locks its ticket's row, in one row: the organization's policies (`policies`: a JSON array of
 * `policyColumns` rows, in the order they are tried) under the settings lock taken shared, and
 * whether the ticket has timers (`has_timers`). The function `sla_policies_locked` takes the
 * lock and reads the policies with a snapshot of its own, taken once the lock is granted, so the
 * change needs no lock and no read of its own ahead of it: a reply in an organization without
 * policies sends no service-level statement at all, unless the ticket has timers to drop.
 *
 * `has_timers` is read in the calling statement's snapshot, taken before the lock was waited for:
 * timers stored by a recomputation that held the lock meanwhile are missed, and those are the
 * timers of policies read then — if none are left now, the recomputation of their removal, which
 * waits for this change, drops them.
 *
 * Its values are the statement's placeholders `orgId`, `ticketId` and `slaLockKey`
 * (`slaSettingsLockKey`); its row's `policies` read with `toPolicy`.
 */
export const settingsUnderLock = sql`
    select (select coalesce(json_agg(p order by p.position, p.created_at, p.id), '[]'::json)
              from (select ${policyColumns}, created_at
                      from sla_policies_locked(${sql.placeholder('orgId')}::uuid, ${sql.placeholder('slaLockKey')})) p)
             as policies,
           exists (select 1 from ticket_slas where ticket_id = ${sql.placeholder('ticketId')}) as has_timers`;

export interface LockedSla {
  readonly version: number;
  readonly jobId: string | null;
  readonly policyId: string | null;
  readonly policyName: string | null;
  readonly timers: readonly StoredTimer[];
  readonly ticket: { id: string; number: number; subject: string; assigneeId: string | null };
}

/**
 * The ticket's stored timers, locked until the transaction ends; null when the ticket is gone.
 * The ticket's key is locked first (`for key share`, the lock the firings' and notifications'
 * foreign keys take later), in the same round trip: every other transaction locks a ticket's row
 * before its timers' row — a change, a recomputation, a delete and its cascade — and a check that
 * held the timers while it waited on the ticket would deadlock with a delete.
 */
export async function lockTicketSla(
  tx: Executor,
  orgId: string,
  ticketId: string,
): Promise<LockedSla | null> {
  const [, [row]] = await Promise.all([
    lockTicketKey(tx, { orgId, ticketId }),
    lockedSla(tx, { orgId, ticketId }),
  ]);
  if (!row) return null;
  return {
    version: row.version,
    jobId: row.job_id,
    policyId: row.policy_id,
    policyName: row.policy_name,
    timers: row.timers,
    ticket: { id: ticketId, number: row.number, subject: row.subject, assigneeId: row.assignee_id },
  };
}

/** Rendered once (statement()): every check job and rescheduling sends them. */
const lockTicketKey = statement<unknown, { orgId: string; ticketId: string }>(sql`
    select 1 from tickets
     where org_id = ${sql.placeholder('orgId')} and id = ${sql.placeholder('ticketId')}
       for key share`);
const lockedSla = statement<
  {
    version: number;
    job_id: string | null;
    policy_id: string | null;
    policy_name: string | null;
    timers: StoredTimer[];
    number: number;
    subject: string;
    assignee_id: string | null;
  },
  { orgId: string; ticketId: string }
>(sql`
    select s.version, s.job_id, s.policy_id, s.policy_name, s.timers, t.number, t.subject,
           t.assignee_id
      from ticket_slas s join tickets t on t.id = s.ticket_id
     where s.org_id = ${sql.placeholder('orgId')} and s.ticket_id = ${sql.placeholder('ticketId')}
       for update of s`);

/** Records the check job of the version (when it is still current); answers the one it replaces. */
export async function setCheckJob(
  tx: Executor,
  ticketId: string,
  version: number,
  jobId: string | null,
): Promise<void> {
  await tx.execute(sql`
    update ticket_slas set job_id = ${jobId} where ticket_id = ${ticketId} and version = ${version}`);
}

/**
 * The check jobs the timers wait on, `limit` after ticket `after`: what is queued again when
 * Valkey lost its data. Only a job of the timers' current version: timers changed since their
 * job was recorded get theirs from their change's `sla.due-changed`, relayed or re-driven.
 */
export async function pendingCheckJobs(
  db: Executor,
  after: string | null,
  limit: number,
): Promise<{ orgId: string; ticketId: string; version: number; jobId: string }[]> {
  const rows = await db.execute<{
    org_id: string;
    ticket_id: string;
    version: number;
    job_id: string;
  }>(sql`
    select org_id, ticket_id, version, job_id from ticket_slas
     where job_id like 'sla-' || ticket_id || '-' || version || '-%'
       ${after ? sql`and ticket_id > ${after}` : sql``}
     order by ticket_id
     limit ${limit}`);
  return rows.map((r) => ({
    orgId: r.org_id,
    ticketId: r.ticket_id,
    version: r.version,
    jobId: r.job_id,
  }));
}

export type FiringKind = 'warning' | 'breached';

/** A warning or breach, once: true when this call recorded it, false when it had fired already. */
export async function recordFiring(
  tx: Executor,
  f: {
    orgId: string;
    ticketId: string;
    policyId: string | null;
    target: SlaTarget;
    cycle: string;
    kind: FiringKind;
    dueAt: number;
  },
): Promise<boolean> {
  const rows = await tx.execute(sql`
    insert into sla_firings (id, org_id, ticket_id, policy_id, target, cycle, kind, due_at)
    values (${Bun.randomUUIDv7()}, ${f.orgId}, ${f.ticketId}, ${f.policyId}, ${f.target},
            ${f.cycle}, ${f.kind}, ${at(f.dueAt)})
    on conflict (ticket_id, target, cycle, kind) do nothing
    returning id`);
  return rows.length > 0;
}

/** The firings of a ticket (tests and support read them). */
export async function firingsOf(db: Executor, orgId: string, ticketId: string) {
  return db.execute<{ target: SlaTarget; cycle: string; kind: FiringKind; due_at: string }>(sql`
    select target, cycle, kind, ${isoText(sql`due_at`)} as due_at
      from sla_firings where org_id = ${orgId} and ticket_id = ${ticketId}
     order by fired_at, id`);
}

export interface Compliance {
  readonly policy: string;
  readonly target: SlaTarget;
  /** Clocks met in time. */
  readonly met: number;
  /** Clocks met late, or past due unmet. */
  readonly breached: number;
}

/**
 * Per policy and target, over the tickets opened in the last `days` days: how many clocks were
 * met in time and how many breached (clocks still running in time, or stopped, count in neither).
 * Planned with its organization each time: a generic plan, made for an organization of average
 * size, read every ticket of every organization.
 */
export async function slaCompliance(
  db: Executor,
  orgId: string,
  days = 30,
  now = Date.now(),
): Promise<Compliance[]> {
  const rows = await db.execute<{
    policy: string;
    target: SlaTarget;
    met: number;
    breached: number;
  }>(sql`${plannedPerExecution}
    select s.policy_name as policy, x.target,
           count(*) filter (where not x.breached)::int as met,
           count(*) filter (where x.breached)::int as breached
      from ticket_slas s
      join tickets t on t.id = s.ticket_id
     cross join lateral (
       select e->>'target' as target, e->>'metAt' is not null as met,
              case when e->>'metAt' is not null
                     then coalesce((e->>'metAt')::bigint > (e->>'dueAt')::bigint, false)
                   else not (e->>'stopped')::boolean and (e->>'dueAt')::bigint <= ${now}::bigint
              end as breached
         from jsonb_array_elements(s.timers) e
        -- A met clock has no due time when it was met before it fell due (timersOf).
        where e->>'dueAt' is not null or e->>'metAt' is not null) x
     where s.org_id = ${orgId} and s.policy_name is not null
       and t.org_id = ${orgId} and t.created_at > now() - make_interval(days => ${days}::int)
       and (x.met or x.breached)
     group by s.policy_name, x.target
     order by s.policy_name, x.target`);
  return rows.map((r) => ({
    policy: r.policy,
    target: r.target,
    met: r.met,
    breached: r.breached,
  }));
}
