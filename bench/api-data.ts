import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { ROOT, settings } from './lib';

// The API benches' data: 100 organizations × 1,000 tickets (each with a message; full-text
// vectors built), seeded once through the API and SQL; one owner logged in per organization;
// wrk Lua scripts that spread requests over the 100 users and 2,000 of their tickets.
export const ORGS = 100;
const TICKETS_PER_ORG = 1000;
export const PASSWORD = 'bench password 0123456789';
export const base = `https://localhost:${settings.stack.httpsPort}`;
const config = loadConfig({ db: dbConfig }, { dir: ROOT });
export const sql = postgres(config.db.url, { max: 4, onnotice: () => {} });
const tls = { rejectUnauthorized: false };

export const ownerEmail = (n: number) => `bench-owner-${n}@bench.test`;

export async function api(
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
) {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: {
      'Content-Type': 'application/json',
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
    tls,
  });
  return {
    status: res.status,
    body: (await res.json().catch(() => null)) as Record<string, never>,
  };
}

/** 100 accounts, each owning an organization with 1,000 tickets of one message each. */
export async function seed() {
  // The tickets go in in one transaction: an organization count alone would pass a seed that
  // registered the accounts and failed before its tickets.
  const [existing] = await sql`
    select count(*)::int as n from tickets t
      join organizations o on o.id = t.org_id and o.name like 'bench-org-%'`;
  if (existing?.n === ORGS * TICKETS_PER_ORG) return;
  console.error(`==> seeding ${ORGS} organizations × ${TICKETS_PER_ORG} tickets (once)`);
  for (let n = 0; n < ORGS; n++) {
    const res = await api('/api/v1/auth/register', {
      body: {
        email: ownerEmail(n),
        password: PASSWORD,
        name: `Bench ${n}`,
        organizationName: `bench-org-${n}`,
      },
    });
    if (res.status !== 201 && res.status !== 409) throw new Error(`seed register: ${res.status}`);
  }
  // Disabling a trigger takes the tables' owner, not the services' role the benches read with.
  const owner = postgres(config.db.ownerUrl, { max: 1, onnotice: () => {} });
  await owner.begin(async (tx) => {
    await tx`alter table messages disable trigger tickets_search_on_message`;
    await tx`
      insert into tickets (id, org_id, number, subject, status, priority, requester_id, created_at, updated_at)
      select gen_random_uuid(), m.org_id, g.n,
             'Bench ticket ' || g.n || ' about ' || (array['printers','billing','login','email','vpn'])[1 + g.n % 5],
             (array['open','pending','solved','closed'])[1 + g.n % 4]::ticket_status,
             (array['low','normal','high','urgent'])[1 + g.n % 4]::ticket_priority,
             m.user_id,
             now() - (g.n || ' minutes')::interval, now() - (g.n || ' minutes')::interval
        from memberships m
        join organizations o on o.id = m.org_id and o.name like 'bench-org-%'
        cross join generate_series(1, ${TICKETS_PER_ORG}) as g(n)`;
    await tx`
      insert into messages (id, org_id, ticket_id, author_id, body, created_at)
      select gen_random_uuid(), t.org_id, t.id, t.requester_id, 'Seeded message for ticket ' || t.number, t.created_at
        from tickets t join organizations o on o.id = t.org_id and o.name like 'bench-org-%'`;
    await tx`alter table messages enable trigger tickets_search_on_message`;
    await tx`
      update ticket_search s set search = tickets_search_vector(t.id, t.subject)
        from tickets t join organizations o on o.id = t.org_id and o.name like 'bench-org-%'
       where s.ticket_id = t.id`;
    await tx`
      insert into ticket_counters (org_id, last_number)
      select id, ${TICKETS_PER_ORG} from organizations where name like 'bench-org-%'
      on conflict (org_id) do update set last_number = excluded.last_number`;
  });
  await owner`analyze tickets`;
  await owner`analyze messages`;
  await owner.end();
}

export interface Entry {
  token: string;
  orgId: string;
  ticketId: string;
}

/**
 * Each owner logged in, with 20 random tickets of their organization, interleaved: consecutive
 * entries belong to different users. A caller walking the list in order (bench/inprocess.ts)
 * then meets each user as wrk's random picks do, not 20 requests of one user at once (which
 * all missed the near cache together each time a user's entries expired).
 */
export async function sessions(): Promise<Entry[]> {
  const byOrg: Entry[][] = [];
  for (let n = 0; n < ORGS; n++) {
    const entries: Entry[] = [];
    byOrg.push(entries);
    const login = await api('/api/v1/auth/login', {
      body: { email: ownerEmail(n), password: PASSWORD },
    });
    if (login.status !== 200) throw new Error(`login ${n}: ${login.status}`);
    const token = (login.body as unknown as { tokens: { accessToken: string } }).tokens.accessToken;
    const [org] = await sql`select o.id from organizations o where o.name = ${`bench-org-${n}`}`;
    const tickets =
      await sql`select id from tickets where org_id = ${org?.id} order by random() limit 20`;
    for (const t of tickets)
      entries.push({ token, orgId: String(org?.id), ticketId: String(t.id) });
  }
  const longest = Math.max(0, ...byOrg.map((e) => e.length));
  return Array.from({ length: longest }, (_, i) => byOrg.flatMap((e) => e[i] ?? [])).flat();
}

export type ScriptKind = 'ticket' | 'list' | 'message' | 'login' | 'raw';

/** A wrk Lua script that spreads requests over the entries (tokens, organizations, tickets). */
export function luaScript(name: string, entries: Entry[], kind: ScriptKind): string {
  const rows = entries.map((e) => `{"${e.token}","${e.orgId}","${e.ticketId}"}`).join(',\n');
  const logins = Array.from({ length: ORGS }, (_, n) => `"${ownerEmail(n)}"`).join(',');
  const request = {
    ticket: `wrk.format("GET", "/api/v1/orgs/" .. e[2] .. "/tickets/" .. e[3], {["Authorization"] = "Bearer " .. e[1]})`,
    list: `wrk.format("GET", "/api/v1/orgs/" .. e[2] .. "/tickets?limit=25", {["Authorization"] = "Bearer " .. e[1]})`,
    message: `wrk.format("POST", "/api/v1/orgs/" .. e[2] .. "/tickets/" .. e[3] .. "/messages", {["Authorization"] = "Bearer " .. e[1], ["Content-Type"] = "application/json"}, '{"body":"bench reply"}')`,
    login: `wrk.format("POST", "/api/v1/auth/login", {["Content-Type"] = "application/json"}, '{"email":"' .. logins[math.random(#logins)] .. '","password":"${PASSWORD}"}')`,
    raw: `wrk.format("GET", "/health/live")`,
  }[kind];
  const script = `math.randomseed(os.time())
local entries = {${rows}}
local logins = {${logins}}
request = function()
  local e = entries[math.random(#entries)]
  return ${request}
end
`;
  const dir = join(ROOT, '.data', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.lua`);
  writeFileSync(file, script);
  return file;
}

/**
 * The replies a run posted since `since` (ours and the floor's) and every event the bench
 * organizations announced meanwhile: ~25,000 replies a run of bench/api.ts piled up to 1.4
 * million, which the next runs' writes and the stack's tests then carried. (Their tickets keep
 * the insert trigger's changes.) A failure is reported, not thrown: the run's figures stand.
 */
export async function dropReplies(since: Date) {
  try {
    const orgs = sql`select id from organizations where name like 'bench-org-%'`;
    await sql`delete from outbox where created_at >= ${since} and org_id in (${orgs})`;
    await sql`delete from messages where created_at >= ${since} and body = 'bench reply' and org_id in (${orgs})`;
  } catch (err) {
    console.warn('replies not removed:', err);
  }
}
