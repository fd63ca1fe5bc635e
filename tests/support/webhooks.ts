import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { OUTBOX_CHANNEL } from '@insightdesk/shared/events';
import postgres from 'postgres';
import { Webhook } from 'standardwebhooks';
import { type Owner, PASSWORD } from './api';
import { call } from './http';
import { DATA, eventually, ROOT } from './stack';

/**
 * A real webhook receiver for the tests: an HTTP server on 127.0.0.2 (the local stack's
 * WEBHOOK_ALLOWED_NETWORKS; 127.0.0.1 stays refused), recording every request, answering what
 * the test says. Signatures are verified with the published `standardwebhooks` package.
 */

export const sql = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
  max: 3,
  onnotice: () => {},
});

export interface Received {
  readonly id: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly body: string;
  readonly at: number;
  readonly headers: Record<string, string>;
}

/** What the receiver answers to its n-th request (0-based). */
export type Answer = (n: number, req: Request) => Response | Promise<Response>;

export function startReceiver(
  answer: Answer = () => new Response('ok'),
  https?: { readonly name: string; readonly tls: { cert: string; key: string } },
) {
  const received: Received[] = [];
  let n = 0;
  const server = Bun.serve({
    hostname: '127.0.0.2',
    port: 0,
    idleTimeout: 60,
    ...(https ? { tls: https.tls } : {}),
    async fetch(req) {
      const body = await req.text();
      const headers = Object.fromEntries(req.headers);
      received.push({
        id: headers['webhook-id'] ?? '',
        timestamp: headers['webhook-timestamp'] ?? '',
        signature: headers['webhook-signature'] ?? '',
        body,
        at: Date.now(),
        headers,
      });
      return answer(n++, req);
    },
  });
  return {
    // HTTPS: by a name the stack's WEBHOOK_HOSTS_FILE resolves to 127.0.0.2 (tls.test.ts).
    url: https
      ? `https://${https.name}:${server.port}/hook`
      : `http://127.0.0.2:${server.port}/hook`,
    received,
    /** Waits until `count` requests came. */
    async waitFor(count: number, timeoutMs = 30_000) {
      await eventually(() => received.length >= count, timeoutMs);
      return received;
    },
    stop: () => server.stop(true),
  };
}

/** Whether `secret` verifies a received delivery (the standardwebhooks package decides). */
export function verifies(secret: string, delivery: Received): boolean {
  try {
    new Webhook(secret).verify(delivery.body, {
      'webhook-id': delivery.id,
      'webhook-timestamp': delivery.timestamp,
      'webhook-signature': delivery.signature,
    });
    return true;
  } catch {
    return false;
  }
}

const HOSTS_FILE = join(DATA, 'webhook-hosts.json');

function readHostsFile(): Record<string, string[]> {
  try {
    return JSON.parse(readFileSync(HOSTS_FILE, 'utf8')) as Record<string, string[]>;
  } catch {
    return {};
  }
}

/**
 * Gives host names addresses for the stack's worker (its WEBHOOK_HOSTS_FILE, development and
 * tests only; what it answers is vetted like any DNS answer). Answers a function that removes
 * these names again, and only them: other test files may have names of their own there.
 */
export function resolveNames(names: Record<string, string[]>): () => void {
  writeFileSync(HOSTS_FILE, JSON.stringify({ ...readHostsFile(), ...names }));
  return () => {
    const hosts = readHostsFile();
    for (const name of Object.keys(names)) delete hosts[name];
    if (Object.keys(hosts).length === 0) rmSync(HOSTS_FILE, { force: true });
    else writeFileSync(HOSTS_FILE, JSON.stringify(hosts));
  };
}

/**
 * A TCP listener that only counts connections: proof that none was made. On a free port, or on
 * `port` (80: the one a URL without a port reaches, so the guard's port rule refuses nothing).
 */
export async function connectionCounter(host: string, port = 0) {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    count: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Registers an endpoint through the API; answers it with its secret. */
export async function createWebhook(
  owner: Pick<Owner, 'token' | 'orgId'>,
  url: string,
  eventTypes: string[] = ['member.joined'],
) {
  const res = await call(`/api/v1/orgs/${owner.orgId}/webhooks`, {
    token: owner.token,
    body: { url, eventTypes, description: 'test receiver', currentPassword: PASSWORD },
  });
  if (res.status !== 201) throw new Error(`webhook failed: ${res.status} ${res.text}`);
  return res.body as { id: string; secret: string; url: string };
}

/**
 * Records `member.joined` events for an organization straight into the outbox, as a change's
 * transaction does: the relay and everything after it are the real ones. Answers the row ids.
 */
export async function recordEvents(orgId: string, count = 1, name = 'Wanda'): Promise<number[]> {
  const rows = await sql<{ id: string }[]>`
    insert into outbox (org_id, type, payload)
    select ${orgId}, 'member.joined',
           jsonb_build_object('user', jsonb_build_object('id', gen_random_uuid(), 'name', ${name} || n), 'role', 'agent')
      from generate_series(1, ${count}::int) n
    returning id`;
  // Committed: wake the relay, as recordEvents does once a change commits (not waiting its poll).
  await sql`select pg_notify(${OUTBOX_CHANNEL}, '')`;
  return rows.map((r) => Number(r.id));
}

/** The delivery log of an endpoint, through the API. */
export async function deliveries(owner: Pick<Owner, 'token' | 'orgId'>, webhookId: string) {
  const res = await call(`/api/v1/orgs/${owner.orgId}/webhooks/${webhookId}/deliveries?limit=100`, {
    token: owner.token,
  });
  if (res.status !== 200) throw new Error(`deliveries failed: ${res.status} ${res.text}`);
  return res.body.items as {
    id: string;
    messageId: string;
    status: string;
    nextAttemptAt: string | null;
    attempts: {
      statusCode: number | null;
      error: string | null;
      succeeded: boolean;
      at: string;
      responseExcerpt: string;
    }[];
  }[];
}
