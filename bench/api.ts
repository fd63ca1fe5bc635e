import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { authConfig, dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import {
  baselineNginx,
  fmt,
  median,
  ROOT,
  rawServers,
  report,
  settings,
  stackPids,
  type WrkResult,
  wrkWithCpu,
} from './lib';

// The API through nginx TLS on realistic data (100 organizations × 1,000 tickets), next to raw
// Bun.serve processes behind an identical nginx, in the same run:
//   GET /tickets/{id}, GET /tickets?limit=25, POST /messages  (goal: ticket read >= 0.5)
//   POST /auth/login vs cores ÷ one argon2id verification      (goal: >= 0.8)
// Needs the stack: ./stack up -d. Seeds once (organizations named bench-org-N).
const ORGS = 100;
const TICKETS_PER_ORG = 1000;
const PASSWORD = 'bench password 0123456789';
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);
const base = `https://localhost:${settings.stack.httpsPort}`;
const config = loadConfig({ db: dbConfig, auth: authConfig }, { dir: ROOT });
const sql = postgres(config.db.url, { max: 4, onnotice: () => {} });
const tls = { rejectUnauthorized: false };

const email = (n: number) => `bench-owner-${n}@bench.test`;

async function api(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
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
async function seed() {
  const [existing] =
    await sql`select count(*)::int as n from organizations where name like 'bench-org-%'`;
  if (existing?.n === ORGS) return;
  console.error(`==> seeding ${ORGS} organizations × ${TICKETS_PER_ORG} tickets (once)`);
  for (let n = 0; n < ORGS; n++) {
    const res = await api('/api/v1/auth/register', {
      body: {
        email: email(n),
        password: PASSWORD,
        name: `Bench ${n}`,
        organizationName: `bench-org-${n}`,
      },
    });
    if (res.status !== 201 && res.status !== 409) throw new Error(`seed register: ${res.status}`);
  }
  await sql.begin(async (tx) => {
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
      update tickets t set search = tickets_search_vector(t.id, t.subject)
        from organizations o where o.id = t.org_id and o.name like 'bench-org-%'`;
    await tx`update organizations set ticket_seq = ${TICKETS_PER_ORG} where name like 'bench-org-%'`;
  });
  await sql`analyze tickets`;
  await sql`analyze messages`;
}

interface Entry {
  token: string;
  orgId: string;
  ticketId: string;
}

async function sessions(): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (let n = 0; n < ORGS; n++) {
    const login = await api('/api/v1/auth/login', {
      body: { email: email(n), password: PASSWORD },
    });
    if (login.status !== 200) throw new Error(`login ${n}: ${login.status}`);
    const token = (login.body as unknown as { tokens: { accessToken: string } }).tokens.accessToken;
    const [org] = await sql`select o.id from organizations o where o.name = ${`bench-org-${n}`}`;
    const tickets =
      await sql`select id from tickets where org_id = ${org?.id} order by random() limit 20`;
    for (const t of tickets)
      entries.push({ token, orgId: String(org?.id), ticketId: String(t.id) });
  }
  return entries;
}

/** A wrk Lua script that spreads requests over the entries (tokens, organizations, tickets). */
function luaScript(
  name: string,
  entries: Entry[],
  kind: 'ticket' | 'list' | 'message' | 'login' | 'raw',
): string {
  const rows = entries.map((e) => `{"${e.token}","${e.orgId}","${e.ticketId}"}`).join(',\n');
  const logins = Array.from({ length: ORGS }, (_, n) => `"${email(n)}"`).join(',');
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

/** Median time of one argon2id verification with the api's parameters, on this machine, now. */
async function hashVerifyMs(): Promise<number> {
  const params = { algorithm: 'argon2id', ...config.auth.password } as const;
  const hash = await Bun.password.hash(PASSWORD, params);
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    await Bun.password.verify(PASSWORD, hash);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** p50 of sequential login latencies (wrong password on known accounts vs unknown emails). */
async function loginLatency(kind: 'wrong' | 'unknown'): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 40; i++) {
    const who = kind === 'wrong' ? email(i % ORGS) : `nobody-${crypto.randomUUID()}@bench.test`;
    const t0 = performance.now();
    const res = await api('/api/v1/auth/login', {
      body: { email: who, password: 'not the password!' },
    });
    times.push(performance.now() - t0);
    if (res.status !== 401) throw new Error(`expected 401, got ${res.status}`);
  }
  // Known accounts get their failure budget back.
  for (let i = 0; i < 40; i++)
    await api('/api/v1/auth/login', { body: { email: email(i % ORGS), password: PASSWORD } });
  return median(times);
}

await seed();
const entries = await sessions();
const raw = await rawServers([13191, 13192]);
let stopBaseline = async () => {};
try {
  stopBaseline = await baselineNginx([13191, 13192], 13443);
  const apiPids = await stackPids(['api-1', 'api-2']);
  const run = (url: string, script: string, pids: number[], secs = seconds, conns = connections) =>
    wrkWithCpu(url, pids, { seconds: secs, connections: conns, script });

  const rawScript = luaScript('raw', entries, 'raw');
  const scripts = {
    ticket: luaScript('ticket', entries, 'ticket'),
    list: luaScript('list', entries, 'list'),
    message: luaScript('message', entries, 'message'),
  };
  await run(`https://localhost:13443`, rawScript, raw.pids, 2);
  await run(base, scripts.ticket, apiPids, 2);

  const rows: Record<string, unknown>[] = [];
  const row = (
    target: string,
    r: WrkResult & { upstreamCpuUsPerRequest: number },
    ceiling?: number,
  ) => {
    rows.push({
      target,
      rps: fmt(r.rps, 0),
      p50Ms: r.p50Ms,
      p99Ms: r.p99Ms,
      cpuUsPerReq: fmt(r.upstreamCpuUsPerRequest),
      ratio: ceiling ? fmt(r.rps / ceiling, 2) : '',
      errors: r.errors,
    });
  };
  const ceiling = await run(`https://localhost:13443`, rawScript, raw.pids);
  row('raw Bun.serve x2 behind nginx TLS (ceiling)', ceiling);
  const ticket = await run(base, scripts.ticket, apiPids);
  row('GET /orgs/{org}/tickets/{id}', ticket, ceiling.rps);
  const list = await run(base, scripts.list, apiPids);
  row('GET /orgs/{org}/tickets?limit=25', list, ceiling.rps);
  const message = await run(base, scripts.message, apiPids);
  row('POST /orgs/{org}/tickets/{id}/messages', message, ceiling.rps);
  const ceilingAfter = await run(`https://localhost:13443`, rawScript, raw.pids);
  row('raw Bun.serve x2 behind nginx TLS (again)', ceilingAfter);

  // The I/O floor: bare servers doing only the unavoidable Valkey + PostgreSQL round trips.
  await stopBaseline();
  await raw.stop();
  const io = await rawServers([13191, 13192], 'bench/raw-io-server.ts');
  stopBaseline = await baselineNginx([13191, 13192], 13443);
  await run(`https://localhost:13443`, scripts.ticket, io.pids, 2);
  const ioFloor = await run(`https://localhost:13443`, scripts.ticket, io.pids);
  row('bare Bun.serve x2: 1 Valkey INCR + 1 PG read (I/O floor)', ioFloor, ceiling.rps);
  await stopBaseline();
  stopBaseline = async () => {};
  await io.stop();

  const hashMs = await hashVerifyMs();
  const cores = cpus().length;
  const loginCeiling = cores / (hashMs / 1000);
  const login = await run(base, luaScript('login', entries, 'login'), apiPids, seconds, 16);
  row('POST /auth/login (valid credentials)', login);
  const [wrong, unknown] = [await loginLatency('wrong'), await loginLatency('unknown')];

  report('api', rows, {
    ticketReadRatio: fmt(ticket.rps / median([ceiling.rps, ceilingAfter.rps]), 2),
    ticketReadGoal: '>= 0.5',
    ticketReadVsIoFloor: fmt(ticket.rps / ioFloor.rps, 2),
    argon2idVerifyMs: fmt(hashMs, 1),
    cores,
    loginCeilingPerSecond: fmt(loginCeiling, 1),
    loginPerSecond: fmt(login.rps, 1),
    loginRatio: fmt(login.rps / loginCeiling, 2),
    loginGoal: '>= 0.8',
    loginP50WrongPasswordMs: fmt(wrong, 1),
    loginP50UnknownEmailMs: fmt(unknown, 1),
    sameTimeRatio: fmt(unknown / wrong, 2),
    seconds,
    connections,
  });
} finally {
  await stopBaseline();
  await raw.stop().catch(() => undefined);
  await sql.end();
}
