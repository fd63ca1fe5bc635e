import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import PostalMime from 'postal-mime';
import { io, type Socket } from 'socket.io-client';
import { DrillFailure } from '../drill-commands';
import { readMaildir } from '../maildir';
import { ok, say } from '../output';
import { apiClient } from '../seed/api';
import { psqlInside, reach } from './network';
import type { Deployment } from './processes';
import { localGet } from './processes';
import { allPaths, describePath, type Path, PORTS } from './topology';

const PASSWORD = 'correct horse battery staple';

interface Registered {
  readonly email: string;
  readonly token: string;
  readonly orgId: string;
}

interface TicketEnvelope {
  readonly type?: string;
  readonly data?: { readonly ticket?: { readonly id?: string } };
}

async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new DrillFailure(`${what}: not within ${timeoutMs / 1000} s`);
    await Bun.sleep(200);
  }
}

function connect(d: Deployment, token: string, options: Parameters<typeof io>[1] = {}): Socket {
  return io(d.baseUrl, {
    path: '/socket.io/',
    ca: readFileSync(d.caFile, 'utf8'),
    auth: { token },
    forceNew: true,
    reconnection: false,
    timeout: 5000,
    ...options,
  });
}

function connected(socket: Socket, what: string): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new DrillFailure(`${what}: no connection in 10 s`)),
      10_000,
    );
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(new DrillFailure(`${what}: ${err.message}`));
    });
  });
}

async function subscribe(socket: Socket, orgId: string, what: string): Promise<void> {
  const ack = await socket.timeout(5000).emitWithAck('subscribe', { orgId });
  if (!ack?.ok) throw new DrillFailure(`${what}: subscribe answered ${JSON.stringify(ack)}`);
}

/** The ticket ids of the `ticket.created` events a socket received. */
function createdTickets(socket: Socket): Set<string> {
  const ids = new Set<string>();
  socket.on('ticket.created', (envelope: TicketEnvelope) => {
    const id = envelope?.data?.ticket?.id;
    if (id) ids.add(id);
  });
  return ids;
}

/** The link token of the verification mail the worker sent to `email` (through the mail host). */
async function mailedVerification(d: Deployment, email: string): Promise<string> {
  return eventually(`the verification email to ${email} in the SMTP catcher`, async () => {
    for (const mail of readMaildir(d.mailDir)) {
      if (!(mail.headers.to ?? '').toLowerCase().includes(email)) continue;
      const text = (await PostalMime.parse(mail.raw)).text ?? '';
      const token = text.match(/\/verify-email\?token=([^\s]+)/)?.[1];
      if (token) return decodeURIComponent(token);
    }
    return undefined;
  });
}

async function register(
  d: Deployment,
  api: ReturnType<typeof apiClient>,
  name: string,
): Promise<Registered> {
  const email = `${name}-${randomBytes(4).toString('hex')}@drill.example`;
  const body = await api.expect<{
    tokens: { accessToken: string };
    organization: { id: string };
  }>([201], 'POST', '/api/v1/auth/register', {
    body: { email, password: PASSWORD, name, organizationName: `${name}'s org` },
  });
  await api.expect([204], 'POST', '/api/v1/auth/verify-email', {
    body: { token: await mailedVerification(d, email) },
  });
  return { email, token: body.tokens.accessToken, orgId: body.organization.id };
}

async function openTicket(
  api: ReturnType<typeof apiClient>,
  who: Registered,
  subject: string,
): Promise<string> {
  const ticket = await api.expect<{ id: string }>(
    [201],
    'POST',
    `/api/v1/orgs/${who.orgId}/tickets`,
    {
      token: who.token,
      body: { subject, body: 'Raised by ./stack drill hosts.' },
    },
  );
  return ticket.id;
}

/** Sum of a counter's series matching `labels` on both app hosts' api /metrics (null: not exposed). */
function replicaReads(d: Deployment): number | null {
  let total: number | null = null;
  for (const host of [d.topology.hosts.app1, d.topology.hosts.app2]) {
    const metrics = localGet(host, PORTS.api, '/metrics');
    if (!metrics.ok) continue;
    for (const match of metrics.body.matchAll(
      /^insightdesk_db_reads_total\{([^}]*)\} ([0-9.e+]+)$/gm,
    )) {
      if (!/target="replica"/.test(match[1] ?? '')) continue;
      total = (total ?? 0) + Number(match[2]);
    }
  }
  return total;
}

function wsConnections(d: Deployment, host: 'app1' | 'app2'): number {
  const metrics = localGet(d.topology.hosts[host], PORTS.ws, '/metrics');
  return Number(metrics.body.match(/^ws_connections(?:\{[^}]*\})? (\d+)/m)?.[1] ?? -1);
}

function psqlOn(d: Deployment, port: number, sql: string): string {
  const target = { port, password: d.superuserPassword, database: 'insightdesk' };
  return psqlInside(d.topology.hosts.data, target, sql);
}

/** The smoke run through the edge: account, email, ticket, events over polling and WebSocket. */
async function smoke(d: Deployment, api: ReturnType<typeof apiClient>) {
  say('smoke run through the edge');
  // The edge exposes the public API only: the instances' /metrics stay on the private side.
  const metrics = await api.request('GET', '/metrics');
  if (metrics.status !== 404)
    throw new DrillFailure(`/metrics through the edge: ${metrics.status}`);
  const owner = await register(d, api, 'owner');
  ok(
    '/metrics through the edge: 404; registered; the verification email reached the SMTP catcher (worker → mail host); verified',
  );
  // A default client: polling only, no cookies (stickiness by address at the edge).
  const polling = connect(d, owner.token, { transports: ['polling'] });
  const websocket = connect(d, owner.token, { transports: ['websocket'] });
  try {
    const sockets = [
      { socket: polling, name: 'polling', seen: createdTickets(polling) },
      { socket: websocket, name: 'websocket', seen: createdTickets(websocket) },
    ];
    for (const s of sockets) {
      await connected(s.socket, `Socket.IO over ${s.name}`);
      const transport = s.socket.io.engine.transport.name;
      if (transport !== s.name)
        throw new DrillFailure(`the ${s.name} client is connected over ${transport}`);
      await subscribe(s.socket, owner.orgId, `Socket.IO over ${s.name}`);
    }
    const ticketId = await openTicket(api, owner, 'Drill: through the edge');
    for (const s of sockets)
      await eventually(
        `ticket.created over ${s.name}`,
        () => s.seen.has(ticketId) || undefined,
        10_000,
      );
    ok('ticket created; ticket.created arrived over polling (no cookies) and over WebSocket');
    return { owner, ticketId };
  } finally {
    polling.close();
    websocket.close();
  }
}

/** Every cross-host connection tried: allowed ones open, all others refused by the firewall. */
async function firewall(d: Deployment): Promise<string> {
  say('firewall: every cross-host path, as the firewall table allows or refuses it');
  const { hosts } = d.topology;
  const paths = allPaths();
  const wrong: string[] = [];
  const batch = 12;
  for (let i = 0; i < paths.length; i += batch) {
    await Promise.all(
      paths.slice(i, i + batch).map(async (p: Path) => {
        const from = p.from === 'outside' ? null : hosts[p.from];
        const got = await reach(from, hosts[p.to].address, PORTS[p.service]);
        const want = p.allowed ? 'open' : 'firewalled';
        if (got !== want) wrong.push(`${describePath(p)}: ${got}, expected ${want}`);
      }),
    );
  }
  if (wrong.length > 0) throw new DrillFailure(`firewall: ${wrong.join('; ')}`);
  const allowed = paths.filter((p) => p.allowed).length;
  const refused = paths.length - allowed;
  for (const p of paths.filter(
    (x) => !x.allowed && ['outside', 'edge'].includes(x.from) && ['data', 'app1'].includes(x.to),
  ))
    ok(`refused: ${describePath(p)}`);
  ok(
    `${allowed} allowed paths open, ${refused} others refused (ICMP admin-prohibited, the REJECT rules)`,
  );
  return `${allowed} allowed paths open, ${refused} forbidden refused by the firewall`;
}

/** Replication at work, and the api reading from the replica. */
async function replica(
  d: Deployment,
  api: ReturnType<typeof apiClient>,
  owner: Registered,
  ticketId: string,
): Promise<string> {
  say('read replica');
  if (psqlOn(d, PORTS.replica, 'select pg_is_in_recovery()') !== 't')
    throw new DrillFailure('the replica is not in recovery (not a standby)');
  await eventually(
    'the new ticket on the replica',
    () =>
      psqlOn(d, PORTS.replica, `select count(*) from tickets where id = '${ticketId}'`) === '1' ||
      undefined,
  );
  ok('the replica is a hot standby and serves the ticket written on the primary');
  const before = replicaReads(d);
  const list = await api.expect<unknown>([200], 'GET', `/api/v1/orgs/${owner.orgId}/tickets`, {
    token: owner.token,
  });
  if (!JSON.stringify(list).includes(ticketId))
    throw new DrillFailure('the ticket list lacks the new ticket');
  const after = replicaReads(d);
  if (before === null || after === null)
    throw new DrillFailure('the api exposes no insightdesk_db_reads_total{target="replica"}');
  if (after <= before)
    throw new DrillFailure(
      `a ticket list read left insightdesk_db_reads_total{target="replica"} at ${after}`,
    );
  ok(
    `ticket list read through the edge: insightdesk_db_reads_total{target="replica"} ${before} → ${after}`,
  );
  return `replica streaming, ticket list served by the replica (reads ${before} → ${after})`;
}

/** app1 lost at once: the edge keeps answering, a socket moves to app2, app2's worker mails. */
async function hostLoss(
  d: Deployment,
  api: ReturnType<typeof apiClient>,
  owner: Registered,
): Promise<string> {
  say('losing app1 (SIGKILL of its api, ws and worker)');
  // Pinned to ws-1 (app1) by the sticky cookie; reconnects by itself.
  const socket = connect(d, owner.token, {
    transports: ['websocket'],
    extraHeaders: { cookie: 'insightdesk_ws=ws-1' },
    reconnection: true,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
  });
  try {
    const seen = createdTickets(socket);
    await connected(socket, 'the socket pinned to ws-1');
    await subscribe(socket, owner.orgId, 'the socket pinned to ws-1');
    const app1Before = wsConnections(d, 'app1');
    const app2Before = wsConnections(d, 'app2');
    if (app1Before < 1)
      throw new DrillFailure(`ws-1 reports ${app1Before} connections: the socket is not on app1`);
    let reconnects = 0;
    socket.io.on('reconnect', () => {
      reconnects++;
    });
    const killed = d.processes.killHost(d.topology.hosts.app1);
    const lostAt = Date.now();
    ok(`killed ${killed.join(', ')}`);

    let okCount = 0;
    const failures: string[] = [];
    for (let i = 0; i < 30; i++) {
      const read = i % 3 !== 2;
      const res = read
        ? await api.request('GET', `/api/v1/orgs/${owner.orgId}/tickets`, { token: owner.token })
        : await api.request('POST', `/api/v1/orgs/${owner.orgId}/tickets`, {
            token: owner.token,
            body: { subject: `Drill: app1 lost (${i})`, body: 'Written while app1 is down.' },
          });
      if (res.status === (read ? 200 : 201)) okCount++;
      else failures.push(`${read ? 'GET' : 'POST'} ${res.status}`);
    }
    if (failures.length > 0)
      throw new DrillFailure(
        `through the edge with app1 down: ${failures.length} of 30 failed (${failures.join(', ')})`,
      );
    ok(`${okCount}/30 requests through the edge succeeded with app1 down (20 reads, 10 writes)`);

    const backAfter = await eventually('the socket reconnecting', () =>
      socket.connected && reconnects > 0 ? Date.now() - lostAt : undefined,
    );
    await subscribe(socket, owner.orgId, 'the reconnected socket');
    if (wsConnections(d, 'app2') <= app2Before)
      throw new DrillFailure('the socket reconnected, but not to ws-2');
    const ticketId = await openTicket(api, owner, 'Drill: after the loss');
    await eventually(
      'ticket.created on the reconnected socket',
      () => seen.has(ticketId) || undefined,
      10_000,
    );
    ok(
      `the socket reconnected to ws-2 (app2) ${(backAfter / 1000).toFixed(1)} s after the loss and receives events`,
    );
    await register(d, api, 'after-loss');
    ok('a new registration’s email went out through app2’s worker');
    return `app1 lost: 30/30 requests ok, socket back on ws-2 in ${(backAfter / 1000).toFixed(1)} s, mail via app2's worker`;
  } finally {
    socket.close();
  }
}

/**
 * Inbound mail from the Internet: the owner gives the organization an inbound address through the
 * edge, then a real mail goes from this machine (outside) to the SMTP ingress's port 25 with
 * Debian's swaks, an independent client, and the ticket it opens appears in the list.
 */
async function inboundMail(
  d: Deployment,
  api: ReturnType<typeof apiClient>,
  owner: Registered,
): Promise<string> {
  say('inbound mail: from outside through the SMTP ingress to a ticket');
  const tag = randomBytes(4).toString('hex');
  const { address } = await api.expect<{ address: string }>(
    [200],
    'PUT',
    `/api/v1/orgs/${owner.orgId}/inbound`,
    { token: owner.token, body: { slug: `drill-${tag}`, authPolicy: 'accept' } },
  );
  const subject = `Drill: by mail ${tag}`;
  const sent = Date.now();
  const swaks = Bun.spawnSync(
    ['swaks', '--server', `${d.topology.hosts.inbound.address}:${PORTS.smtpIngress}`]
      .concat(['--to', address, '--from', `customer-${tag}@sender.drill.example`])
      .concat(['--header', `Subject: ${subject}`, '--body', 'Written to the inbound address.'])
      .concat(['--timeout', '30']),
    { stdout: 'pipe', stderr: 'pipe' },
  );
  const dialog = swaks.stdout.toString();
  if (swaks.exitCode !== 0 || !/<[-~] {1,2}250 /.test(dialog.split('DATA')[1] ?? ''))
    throw new DrillFailure(
      `inbound mail: swaks exited ${swaks.exitCode}: ${dialog.split('\n').slice(-6).join(' | ')}`,
    );
  ok(`swaks → inbound:${PORTS.smtpIngress} ${address}: 250 (recorded before the answer)`);
  const waited = await d.processes.until(
    'the mailed ticket in the list through the edge',
    async () => {
      const list = await api.request('GET', `/api/v1/orgs/${owner.orgId}/tickets`, {
        token: owner.token,
      });
      return list.status === 200 && JSON.stringify(list.body).includes(subject);
    },
    { timeoutMs: 90_000 },
  );
  const seconds = ((Date.now() - sent) / 1000).toFixed(1);
  ok(`the mail became a ticket, listed through the edge ${seconds} s after it was sent`);
  return `inbound mail: swaks → inbound:25 → ticket in ${(waited / 1000).toFixed(1)} s`;
}

export async function runChecks(d: Deployment): Promise<string[]> {
  const api = apiClient(d.baseUrl, d.caFile);
  const { owner, ticketId } = await smoke(d, api);
  const findings = [
    `${Object.keys(d.topology.hosts).length} hosts in namespaces (${d.topology.subnet})`,
    'smoke through the edge ok (register, verify mail, ticket, events over polling and WebSocket)',
  ];
  findings.push(await firewall(d));
  findings.push(await replica(d, api, owner, ticketId));
  findings.push(await inboundMail(d, api, owner));
  findings.push(await hostLoss(d, api, owner));
  return findings;
}
