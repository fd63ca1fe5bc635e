import { canonicalRow, chainHash, GENESIS_HASH } from '@insightdesk/shared/audit';
import type postgres from 'postgres';
import { superuserPassword } from '../../tools/stack/pg-superuser';
import { settings } from '../lib';
import {
  bodyWords,
  isInternal,
  KIND,
  LARGE_ORG,
  LONG_THREAD_MESSAGES,
  LONG_THREAD_TICKET,
  messageCountOf,
  messageIndex,
  mix,
  ORGANIZATIONS,
  openedAt,
  orgId,
  orgName,
  orgOf,
  ownerEmail,
  ownerId,
  priorityOf,
  statusOf,
  subjectWords,
  ticketId,
  uuidOf,
  VOCABULARY,
} from './shape';

// Loads `bench/data-scale.ts`'s data with COPY, as PostgreSQL's own restore does: each table
// through a `psql` in replication-replica mode (no trigger, no foreign-key check: the rows are
// consistent by construction), the derived rows (search words, status history, counters) written
// beside them. Growing from one size to the next writes only the tickets not yet there.

const DAY = 24 * 3600 * 1000;
const PASSWORD = 'scale password 0123456789';

export { PASSWORD as SCALE_PASSWORD };

type Sql = postgres.Sql;

/** One COPY … FROM STDIN through psql, fed in chunks as the rows are made. */
class CopyStream {
  private chunk: string[] = [];
  private bytes = 0;
  private readonly proc;
  rows = 0;
  constructor(
    database: string,
    readonly table: string,
    columns: string,
  ) {
    this.proc = Bun.spawn(
      [
        'psql',
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-h',
        '127.0.0.1',
        '-p',
        String(settings.stack.pgPort),
        '-U',
        'postgres',
        '-d',
        database,
        '-c',
        'set session_replication_role = replica',
        '-c',
        `copy ${table} (${columns}) from stdin`,
      ],
      {
        stdin: 'pipe',
        stdout: 'inherit',
        stderr: 'inherit',
        env: { ...process.env, PGPASSWORD: superuserPassword() },
      },
    );
  }
  async row(fields: readonly (string | number | null)[]) {
    const line = `${fields.map((f) => (f === null ? '\\N' : String(f))).join('\t')}\n`;
    this.chunk.push(line);
    this.bytes += line.length;
    this.rows++;
    if (this.bytes > 1 << 20) await this.flush();
  }
  private async flush() {
    this.proc.stdin.write(this.chunk.join(''));
    this.chunk = [];
    this.bytes = 0;
    await this.proc.stdin.flush();
  }
  async end() {
    await this.flush();
    await this.proc.stdin.end();
    const code = await this.proc.exited;
    if (code !== 0) throw new Error(`copy into ${this.table} failed (psql exited ${code})`);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The data set's anchor (ms) and how many tickets it holds; null before the first load. */
export async function dataSetState(sql: Sql): Promise<{ anchor: number; tickets: number } | null> {
  const [org] = await sql`select created_at from organizations where name = ${orgName(LARGE_ORG)}`;
  if (!org) return null;
  const [loaded] = await sql`
    select coalesce(sum(c.last_number), 0)::bigint as n from ticket_counters c
      join organizations o on o.id = c.org_id and o.name like 'scale-org-%'`;
  return { anchor: new Date(org.created_at).getTime() + 365 * DAY, tickets: Number(loaded?.n) };
}

/** The organizations, their owners (one password, hashed once) and their memberships. */
async function createOrganizations(sql: Sql, database: string, anchor: number) {
  const hash = await Bun.password.hash(PASSWORD, { algorithm: 'argon2id' });
  const start = iso(anchor - 365 * DAY);
  const orgs = new CopyStream(database, 'organizations', 'id, name, created_at, updated_at');
  const users = new CopyStream(
    database,
    'users',
    'id, email, name, password_hash, email_verified_at, created_at, updated_at',
  );
  const members = new CopyStream(database, 'memberships', 'org_id, user_id, role_name, created_at');
  const counters = new CopyStream(database, 'ticket_counters', 'org_id, last_number');
  for (let o = 0; o < ORGANIZATIONS; o++) {
    const org = orgId(o, anchor);
    const user = ownerId(o, anchor);
    await orgs.row([org, orgName(o), start, start]);
    await users.row([user, ownerEmail(o), `Scale owner ${o}`, hash, start, start, start]);
    await members.row([org, user, 'owner', start]);
    await counters.row([org, 0]);
  }
  await Promise.all([orgs.end(), users.end(), members.end(), counters.end()]);
  await sql`analyze organizations, users, memberships`;
}

/** Each vocabulary word's lexeme (English stemming), as PostgreSQL's search will see it. */
async function lexemes(sql: Sql): Promise<string[]> {
  const rows = await sql<{ w: string; lexeme: string | null }[]>`
    select w, (select lexeme from unnest(to_tsvector('english', w)) limit 1) as lexeme
      from unnest(${VOCABULARY}::text[]) as w`;
  const byWord = new Map(rows.map((r) => [r.w, r.lexeme ?? r.w]));
  return VOCABULARY.map((w) => byWord.get(w) ?? w);
}

/** A tsvector's text: each word with its position and weight (PostgreSQL sorts and merges). */
function tsvectorText(lexemesOf: readonly string[], words: readonly number[], weight: string) {
  return words.map((w, k) => `'${lexemesOf[w]}':${k + 1}${weight}`).join(' ');
}

/** Grows the data set to `target` tickets (creating it at the first call). */
export async function loadTo(sql: Sql, database: string, target: number, log = console.error) {
  let state = await dataSetState(sql);
  if (!state) {
    const anchor = Math.floor(Date.now() / 1000) * 1000;
    log(`==> creating ${ORGANIZATIONS.toLocaleString()} organizations and their owners`);
    await createOrganizations(sql, database, anchor);
    state = { anchor, tickets: 0 };
  }
  const { anchor } = state;
  const from = state.tickets;
  if (from >= target) return { anchor, loaded: 0 };
  const started = performance.now();
  log(`==> loading tickets ${from.toLocaleString()} to ${target.toLocaleString()} with COPY`);
  const words = await lexemes(sql);
  const orgIds = Array.from({ length: ORGANIZATIONS }, (_, o) => orgId(o, anchor));
  const ownerIds = Array.from({ length: ORGANIZATIONS }, (_, o) => ownerId(o, anchor));
  const numbers = new Int32Array(ORGANIZATIONS);
  for (const r of await sql`
      select o.name, c.last_number from ticket_counters c
        join organizations o on o.id = c.org_id and o.name like 'scale-org-%'`)
    numbers[Number(String(r.name).slice('scale-org-'.length))] = Number(r.last_number);
  const heads = new Map<string, { seq: number; hash: string }>();
  for (const r of await sql`
      select distinct on (organization_id) organization_id, seq, hash from audit_log
       where organization_id in (select id from organizations where name like 'scale-org-%')
       order by organization_id, seq desc`)
    heads.set(String(r.organization_id), { seq: Number(r.seq), hash: String(r.hash) });

  // The words' GIN index keeps no pending list for the services (helpdesk/src/db/schema.ts); a
  // bulk load goes through one, merged once at its end, as PostgreSQL's documentation advises.
  await sql`alter index ticket_search_org_idx set (fastupdate = on)`;
  const copy = (table: string, columns: string) => new CopyStream(database, table, columns);
  const tickets = copy(
    'tickets',
    'id, org_id, number, subject, status, priority, requester_id, assignee_id, first_response_at, created_at, updated_at',
  );
  const messages = copy('messages', 'id, org_id, ticket_id, author_id, body, internal, created_at');
  const search = copy('ticket_search', 'ticket_id, org_id, search');
  const statuses = copy('ticket_status_changes', 'ticket_id, status, at');
  const notifications = copy(
    'notifications',
    'id, user_id, org_id, kind, ticket_id, message_id, actor_id, read_at, created_at, ticket_subject',
  );
  const outbox = copy('outbox', 'org_id, type, payload, created_at, relayed_at');
  const attachments = copy(
    'attachments',
    'id, org_id, ticket_id, uploaded_by, filename, content_type, size, storage_key, status, created_at, updated_at',
  );
  const audit = copy(
    'audit_log',
    'id, organization_id, seq, at, actor_type, actor_id, action, target_type, target_id, change, prev_hash, hash',
  );
  const text = (ws: readonly number[]) => ws.map((w) => VOCABULARY[w]).join(' ');

  for (let i = from; i < target; i++) {
    const o = orgOf(i);
    const org = orgIds[o] as string;
    const owner = ownerIds[o] as string;
    const opened = openedAt(i, anchor);
    const id = ticketId(i, anchor);
    const status = statusOf(i);
    const subjectWs = subjectWords(i);
    const subject = text(subjectWs);
    const count = i === LONG_THREAD_TICKET ? LONG_THREAD_MESSAGES : messageCountOf(i);
    const step = i === LONG_THREAD_TICKET ? 60_000 : 3_600_000;
    const responded = count > 1 ? iso(opened + step) : null;
    const last = opened + step * Math.max(0, count - 1);
    numbers[o] = (numbers[o] ?? 0) + 1;
    await tickets.row([
      id,
      org,
      numbers[o] as number,
      subject,
      status,
      priorityOf(i),
      owner,
      mix(i, 12) % 2 ? owner : null,
      responded,
      iso(opened),
      iso(last),
    ]);
    await statuses.row([id, status, iso(opened)]);
    // A ticket's words: its subject's (A) and its public messages' (B), as the triggers keep them
    // (bounded: a thread's words stop growing at 2,000 positions here).
    const parts = [tsvectorText(words, subjectWs, 'A')];
    let firstMessage: string | null = null;
    for (let k = 0; k < count; k++) {
      const long = i === LONG_THREAD_TICKET;
      const m = long ? k : messageIndex(i, k);
      const messageId = uuidOf(long ? KIND.longThreadMessage : KIND.message, m, opened + step * k);
      firstMessage ??= messageId;
      const bodyWs = bodyWords(long ? 1e9 + k : m);
      const internal = k > 0 && isInternal(m);
      await messages.row([
        messageId,
        org,
        id,
        owner,
        text(bodyWs),
        internal ? 't' : 'f',
        iso(opened + step * k),
      ]);
      if (!internal && k < 100) parts.push(tsvectorText(words, bodyWs, 'B'));
    }
    await search.row([id, org, parts.join(' ')]);
    // Notifications read more than 90 days ago are purged (purgeNotifications): the recent ones
    // and the few never read.
    const unread = mix(i, 13) % 100 < 1;
    if (firstMessage && (unread || opened > anchor - 90 * DAY))
      await notifications.row([
        uuidOf(KIND.notification, i, opened),
        owner,
        org,
        'reply',
        id,
        firstMessage,
        owner,
        unread ? null : iso(Math.min(opened + DAY, anchor)),
        iso(opened),
        subject,
      ]);
    // The outbox keeps relayed rows for 7 days (the relay's purge): the last week's.
    if (opened > anchor - 7 * DAY)
      await outbox.row([
        org,
        'ticket.created',
        JSON.stringify({ id, number: numbers[o] }),
        iso(opened),
        iso(opened + 50),
      ]);
    if (i % 10 === 5) {
      await attachments.row([
        uuidOf(KIND.attachment, i, opened),
        org,
        id,
        owner,
        `report-${i}.pdf`,
        'application/pdf',
        10_000 + (mix(i, 14) % 1_000_000),
        `scale/${org}/${i}`,
        'ready',
        iso(opened),
        iso(opened),
      ]);
      const head = heads.get(org) ?? { seq: 0, hash: GENESIS_HASH };
      const row = {
        id: uuidOf(KIND.audit, i, opened),
        organizationId: org,
        seq: head.seq + 1,
        at: new Date(opened),
        actorType: 'user',
        actorId: owner,
        action: 'sso.settings-changed',
        targetType: 'organization',
        targetId: org,
        address: null,
        userAgent: null,
        requestId: null,
        change: { ticket: numbers[o] },
      };
      const hash = chainHash(head.hash, canonicalRow(row));
      heads.set(org, { seq: row.seq, hash });
      await audit.row([
        row.id,
        org,
        row.seq,
        iso(opened),
        row.actorType,
        owner,
        row.action,
        row.targetType,
        org,
        JSON.stringify(row.change),
        head.hash,
        hash,
      ]);
    }
    if ((i - from) % 500_000 === 499_999)
      log(
        `    ${(i + 1).toLocaleString()} tickets (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
  }
  const streams = [tickets, messages, search, statuses, notifications, outbox, attachments, audit];
  await Promise.all(streams.map((s) => s.end()));
  await sql`select gin_clean_pending_list('ticket_search_org_idx')`;
  await sql`alter index ticket_search_org_idx set (fastupdate = off)`;
  // The counters: each organization's last number, as opening a ticket keeps it.
  await sql`
    update ticket_counters c set last_number = x.n
      from unnest(${orgIds}::uuid[], ${Array.from(numbers)}::int[]) as x(org_id, n)
     where c.org_id = x.org_id`;
  log('==> analyzing the tables');
  await sql`analyze tickets, messages, ticket_search, ticket_status_changes, notifications, outbox, attachments, audit_log`;
  const seconds = (performance.now() - started) / 1000;
  log(
    `==> loaded ${(target - from).toLocaleString()} tickets in ${seconds.toFixed(0)} s (${streams
      .map((s) => `${s.table} ${s.rows.toLocaleString()}`)
      .join(', ')})`,
  );
  return {
    anchor,
    loaded: target - from,
    seconds,
    rows: Object.fromEntries(streams.map((s) => [s.table, s.rows])),
  };
}
