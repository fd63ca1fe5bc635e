import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { invitationToken } from '@insightdesk/shared/auth';
import { authConfig, loadConfig, realtimeConfig } from '@insightdesk/shared/config';
import { io, type Socket } from 'socket.io-client';
import { supervisorStatus } from '../tools/stack/control';
import { fmt, median, ROOT, report, settings } from './lib';

// One event fanned out to 1,000 sockets spread over both ws instances through nginx (WebSocket,
// TLS): delivery latency from the API's answer (the change is committed by then) to receipt,
// and resident memory per idle connection; then the same with a single ws instance.
// Needs the stack: ./stack up -d
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20);
const base = `https://localhost:${settings.stack.httpsPort}`;
const ca = readFileSync(join(ROOT, '.data/tls/ca.crt'), 'utf8');
// The stack allows this many handshakes per address per 10 s (WS_CONNECTIONS_PER_IP, dev 1000).
const CONNECT_PER_SECOND = 80;

async function api(path: string, body?: unknown, token?: string) {
  const res = await fetch(`${base}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    tls: { ca },
  });
  return (await res.json()) as Record<string, never>;
}

function rssKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Number(line?.[1] ?? 0);
}

async function wsPids(): Promise<Record<string, number>> {
  const status = (await supervisorStatus()) ?? [];
  return Object.fromEntries(
    status.filter((p) => p.group === 'ws' && p.pid).map((p) => [p.name, p.pid as number]),
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

async function scenario(
  name: string,
  instances: ('ws-1' | 'ws-2')[],
  tokens: readonly string[],
  orgId: string,
) {
  const pids = await wsPids();
  const live = instances.filter((i) => pids[i]);
  // The smallest of several readings: what is left after the collector ran.
  const rss = async () => {
    let least = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 10; i++) {
      least = Math.min(
        least,
        live.reduce((sum, name) => sum + rssKb(pids[name] as number), 0),
      );
      await Bun.sleep(300);
    }
    return least;
  };
  const received = new Map<string, number[]>();
  const sockets: Socket[] = [];
  const connect = async (count: number) => {
    const batch: Socket[] = [];
    for (let i = 0; i < count; i++) {
      const socket = io(base, {
        path: '/socket.io/',
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        // Spread over enough users for WS_SOCKETS_PER_USER.
        auth: { token: tokens[(sockets.length + i) % tokens.length] },
        ca,
        extraHeaders: {
          cookie: `insightdesk_ws=${instances[(sockets.length + i) % instances.length]}`,
        },
      });
      socket.on('ticket.created', (envelope: { data: { ticket: { id: string } } }) => {
        // An event can arrive before the API's answer does: keep it.
        const id = envelope.data.ticket.id;
        const times = received.get(id) ?? [];
        times.push(performance.now());
        received.set(id, times);
      });
      batch.push(socket);
      if (i % CONNECT_PER_SECOND === CONNECT_PER_SECOND - 1) await Bun.sleep(1000);
    }
    await Promise.all(
      batch.map(
        (s) =>
          new Promise<void>((resolve, reject) => {
            if (s.connected) return resolve();
            s.once('connect', () => resolve());
            s.once('connect_error', reject);
          }),
      ),
    );
    await Promise.all(batch.map((s) => s.timeout(10_000).emitWithAck('subscribe', { orgId })));
    sockets.push(...batch);
    await Bun.sleep(3000);
  };
  // Memory per idle connection is the slope between half and all of them: the instances' fixed
  // warm-up (code compiled on first use) falls out.
  await connect(SOCKETS / 2);
  const half = await rss();
  await connect(SOCKETS / 2);
  const perConnectionKb = ((await rss()) - half) / (SOCKETS / 2);

  const latencies: number[] = [];
  let delivered = 0;
  for (let e = 0; e < EVENTS; e++) {
    const ticket = await api(
      `/api/v1/orgs/${orgId}/tickets`,
      { subject: `fan-out ${e}`, body: 'bench' },
      tokens[0],
    );
    const committed = performance.now();
    const id = (ticket as unknown as { id: string }).id;
    const times = received.get(id) ?? [];
    received.set(id, times);
    const deadline = Date.now() + 10_000;
    while (times.length < SOCKETS && Date.now() < deadline) await Bun.sleep(5);
    delivered += times.length;
    if (times.length < SOCKETS) {
      console.error(
        `event ${e}: ${times.length}/${SOCKETS}, connected ${sockets.filter((x) => x.connected).length}`,
      );
    }
    // From the API's answer (the commit happened before it): early arrivals count as 0 ms.
    latencies.push(...times.map((t) => Math.max(0, t - committed)));
    await Bun.sleep(200);
  }
  for (const s of sockets) s.disconnect();
  latencies.sort((a, b) => a - b);
  return {
    target: name,
    sockets: SOCKETS,
    events: EVENTS,
    delivered: `${delivered}/${SOCKETS * EVENTS}`,
    p50Ms: fmt(percentile(latencies, 0.5)),
    p99Ms: fmt(percentile(latencies, 0.99)),
    maxMs: fmt(latencies.at(-1) ?? NaN),
    rssPerConnectionKb: fmt(perConnectionKb, 1),
  };
}

async function stack(...args: string[]) {
  const proc = Bun.spawn([join(ROOT, 'stack'), ...args], { stdout: 'ignore', stderr: 'inherit' });
  if ((await proc.exited) !== 0) throw new Error(`./stack ${args.join(' ')} failed`);
}

const email = `bench-realtime-${crypto.randomUUID()}@bench.test`;
const registered = await api('/api/v1/auth/register', {
  email,
  password: 'bench password 0123456789',
  name: 'Fan-out',
  organizationName: 'bench-realtime',
});
const token = (registered as unknown as { tokens: { accessToken: string } }).tokens.accessToken;
const orgId = (registered as unknown as { organization: { id: string } }).organization.id;

// Each user may hold WS_SOCKETS_PER_USER sockets: agents of the organization share the rest.
const config = loadConfig({ auth: authConfig, realtime: realtimeConfig }, { dir: ROOT });
const tokens = [token];
while (tokens.length * config.realtime.socketsPerUser < SOCKETS) {
  const invited = await api(
    `/api/v1/orgs/${orgId}/invitations`,
    { email: `bench-agent-${crypto.randomUUID()}@bench.test`, role: 'agent' },
    token,
  );
  const accepted = await api('/api/v1/invitations/accept', {
    token: invitationToken(config.auth.invitationSecret, (invited as unknown as { id: string }).id),
    name: `Agent ${tokens.length}`,
    password: 'bench password 0123456789',
  });
  tokens.push((accepted as unknown as { tokens: { accessToken: string } }).tokens.accessToken);
}

const two = await scenario('2 ws instances (500 + 500)', ['ws-1', 'ws-2'], tokens, orgId);
await Bun.sleep(11_000); // the handshake budget refills
await stack('stop', 'ws-2');
let one: Awaited<ReturnType<typeof scenario>>;
try {
  one = await scenario('1 ws instance (1,000)', ['ws-1'], tokens, orgId);
} finally {
  await stack('start', 'ws-2');
}
report('realtime', [two, one], {
  goals: 'p99 <= 250 ms, all delivered; <= 50 KB per idle connection',
  medianOfP99: median([two.p99Ms, one.p99Ms]),
});
