import { join } from 'node:path';
import type { ApiAnswer, ApiClient, RequestOptions } from '../seed/api';
import { mailedToken } from '../seed/run';
import type { Random } from './faults';
import type { JobRecord, RequestRecord } from './history';

// The soak's mixed workload through nginx, as clients would: the platform's routes
// (registration, organizations, invitations and their mail) and the help desk's (tickets,
// messages, attachments, exports). The product's part is this file's: a product of your own
// replaces it, as it replaces ./stack seed's data (docs/architecture.md, "Removing the product").

/** The tracked events, and the letter of the token each change of that type carries. */
export const TRACKED = { 'ticket.created': 'T', 'message.created': 'M' } as const;

/** A change's key from an event's type and data: its type and its token (null: not tracked). */
export function keyOf(runId: string, type: string, data: unknown): string | null {
  const letter = TRACKED[type as keyof typeof TRACKED];
  if (!letter) return null;
  const token = JSON.stringify(data).match(new RegExp(`sk${runId}${letter}\\d+`))?.[0];
  return token ? `${type}:${token}` : null;
}

/** Every soak account's password (the restore drill's webhook endpoint is confirmed with it). */
export const PASSWORD = 'soak: correct horse battery staple';
const IMAGE = join(import.meta.dir, '../seed/servo-torque.png');

export interface Actor {
  readonly name: string;
  readonly email: string;
  readonly role: 'owner' | 'agent' | 'requester';
  readonly orgId: string;
  token: string;
  refreshedAt: number;
}

interface Tokens {
  readonly accessToken: string;
}

/** The API, each call timed and recorded (status 0: no answer). */
export function recordingApi(api: ApiClient, requests: RequestRecord[]) {
  return async function call<T = unknown>(
    route: string,
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiAnswer<T> | null> {
    const at = Date.now();
    try {
      const answer = await api.request<T>(method, path, options);
      requests.push({ route, at, ms: Date.now() - at, status: answer.status });
      return answer;
    } catch {
      requests.push({ route, at, ms: Date.now() - at, status: 0 });
      return null;
    }
  };
}
export type RecordingApi = ReturnType<typeof recordingApi>;

export interface Organization {
  readonly n: number;
  readonly id: string;
  readonly owner: Actor;
  readonly members: Actor[];
  readonly tickets: string[];
  /** Tickets each requester opened (they see only theirs). */
  readonly own: Map<string, string[]>;
  invitations: number;
  exportRunning: string | null;
}

/** The addresses invited (one intended mail each) and the jobs asked for, to check at the end. */
export interface Intentions {
  readonly invited: string[];
  readonly jobs: { kind: string; id: string; path: string; token: () => string }[];
}

async function expectOk<T>(answer: Promise<ApiAnswer<T>>, what: string, ok: number[]) {
  const res = await answer;
  if (!ok.includes(res.status))
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
  return res.body;
}

/** An organization with its owner (verified by the mailed link), two agents and two requesters. */
export async function setupOrganization(
  api: ApiClient,
  runId: string,
  n: number,
  intentions: Intentions,
): Promise<Organization> {
  const address = (who: string) => `soak-${runId}-${n}-${who}@example.test`;
  const ownerEmail = address('owner');
  const since = Date.now();
  const made = await expectOk(
    api.request<{ user: { id: string }; organization: { id: string }; tokens: Tokens }>(
      'POST',
      '/api/v1/auth/register',
      {
        body: {
          email: ownerEmail,
          password: PASSWORD,
          name: `Owner ${n}`,
          organizationName: `Soak ${runId} ${n}`,
        },
      },
    ),
    'register',
    [201],
  );
  const verifyToken = await mailedToken(ownerEmail, 'verify-email', since);
  await expectOk(
    api.request('POST', '/api/v1/auth/verify-email', { body: { token: verifyToken } }),
    'verify',
    [204],
  );
  const orgId = made.organization.id;
  const owner: Actor = {
    name: `owner-${n}`,
    email: ownerEmail,
    role: 'owner',
    orgId,
    token: made.tokens.accessToken,
    refreshedAt: Date.now(),
  };
  const roles = ['agent', 'agent', 'requester', 'requester'] as const;
  const members = await Promise.all(
    roles.map(async (role, i) => {
      const email = address(`${role}${i}`);
      const invitedAt = Date.now();
      await expectOk(
        api.request('POST', `/api/v1/orgs/${orgId}/invitations`, {
          token: owner.token,
          body: { email, role },
        }),
        'invite',
        [201],
      );
      intentions.invited.push(email);
      const token = await mailedToken(email, 'invitation', invitedAt);
      const joined = await expectOk(
        api.request<{ tokens: Tokens }>('POST', '/api/v1/invitations/accept', {
          body: { token, name: `${role} ${n}.${i}`, password: PASSWORD },
        }),
        'accept',
        [200],
      );
      return {
        name: `${role}-${n}.${i}`,
        email,
        role,
        orgId,
        token: joined.tokens.accessToken,
        refreshedAt: Date.now(),
      } as Actor;
    }),
  );
  return {
    n,
    id: orgId,
    owner,
    members,
    tickets: [],
    own: new Map(),
    invitations: 4,
    exportRunning: null,
  };
}

/** Most invitations an organization's owner sends (the daily quotas are 100 per inviter). */
const MAX_INVITATIONS = 80;
/** Access tokens live 15 minutes: each actor signs in again well before. */
const REFRESH_MS = 8 * 60_000;

/**
 * Runs one actor until `stopped()`: what it does depends on its role, at a random pace. Every
 * change it makes carries a fresh token (`sk<run><T|M><n>`) in its subject or body.
 */
export async function runActor(options: {
  actor: Actor;
  org: Organization;
  call: RecordingApi;
  random: Random;
  runId: string;
  intentions: Intentions;
  nextToken: (letter: 'T' | 'M') => string;
  stopped: () => boolean;
  thinkMs: readonly [number, number];
}) {
  const { actor, org, call, random, runId, intentions, nextToken } = options;
  const base = `/api/v1/orgs/${org.id}`;

  async function refresh() {
    const res = await call<{ tokens: Tokens }>('login', 'POST', '/api/v1/auth/login', {
      body: { email: actor.email, password: PASSWORD },
    });
    if (res?.status === 200) {
      actor.token = res.body.tokens.accessToken;
      actor.refreshedAt = Date.now();
    }
  }

  async function as<T = unknown>(
    route: string,
    method: string,
    path: string,
    options: RequestOptions = {},
  ) {
    if (Date.now() - actor.refreshedAt > REFRESH_MS) await refresh();
    let res = await call<T>(route, method, path, { ...options, token: actor.token });
    if (res?.status === 401) {
      await refresh();
      res = await call<T>(route, method, path, { ...options, token: actor.token });
    }
    return res;
  }

  async function openTicket() {
    const res = await as<{ id: string }>('POST tickets', 'POST', `${base}/tickets`, {
      body: { subject: `Soak ${nextToken('T')}`, body: 'Opened by the soak.' },
    });
    if (res?.status === 201) {
      org.tickets.push(res.body.id);
      if (actor.role === 'requester')
        org.own.set(actor.email, [...(org.own.get(actor.email) ?? []), res.body.id]);
    }
  }

  const someTicket = () => {
    const mine = actor.role === 'requester' ? (org.own.get(actor.email) ?? []) : org.tickets;
    return mine.length > 0 ? random.pick(mine) : null;
  };

  async function reply(internal: boolean) {
    const ticket = someTicket();
    if (!ticket) return openTicket();
    await as('POST messages', 'POST', `${base}/tickets/${ticket}/messages`, {
      body: { body: `Reply ${nextToken('M')}`, ...(internal ? { internal: true } : {}) },
    });
  }

  async function update() {
    const ticket = someTicket();
    if (!ticket) return;
    const current = await as<{ status: string }>('GET ticket', 'GET', `${base}/tickets/${ticket}`);
    if (current?.status !== 200) return;
    await as('PATCH ticket', 'PATCH', `${base}/tickets/${ticket}`, {
      body: { priority: random.pick(['low', 'normal', 'high', 'urgent']) },
      headers: { 'If-Match': current.headers.get('etag') ?? '' },
    });
  }

  async function upload() {
    const ticket = someTicket();
    if (!ticket) return;
    const form = new FormData();
    form.append('file', Bun.file(IMAGE, { type: 'image/png' }), `soak-${runId}.png`);
    const path = `${base}/tickets/${ticket}/attachments`;
    const res = await as<{ id: string }>('POST attachments', 'POST', path, { form });
    if (res?.status === 201) {
      const id = res.body.id;
      intentions.jobs.push({
        kind: 'attachment',
        id,
        path: `${path}/${id}`,
        token: () => actor.token,
      });
    }
  }

  async function invite() {
    if (org.invitations >= MAX_INVITATIONS) return;
    org.invitations += 1;
    const email = `soak-${runId}-${org.n}-inv${org.invitations}@example.test`;
    const res = await as('POST invitations', 'POST', `${base}/invitations`, {
      body: { email, role: 'agent' },
    });
    if (res?.status === 201) intentions.invited.push(email);
  }

  async function exportAll() {
    if (org.exportRunning) {
      const res = await as<{ status: string }>(
        'GET export',
        'GET',
        `${base}/exports/${org.exportRunning}`,
      );
      if (res?.status === 200 && res.body.status === 'running') return;
      org.exportRunning = null;
    }
    const res = await as<{ id: string }>('POST exports', 'POST', `${base}/exports`);
    if (res?.status === 202) {
      org.exportRunning = res.body.id;
      intentions.jobs.push({
        kind: 'export',
        id: res.body.id,
        path: `${base}/exports/${res.body.id}`,
        token: () => actor.token,
      });
    }
  }

  const plans = {
    owner: [
      [openTicket, 3],
      [reply.bind(null, false), 3],
      [invite, 1],
      [exportAll, 1],
      [update, 1],
    ],
    agent: [
      [reply.bind(null, false), 5],
      [reply.bind(null, true), 2],
      [update, 2],
      [() => as('GET tickets', 'GET', `${base}/tickets?limit=20`), 1],
    ],
    requester: [
      [openTicket, 4],
      [reply.bind(null, false), 4],
      [upload, 1],
      [() => as('GET tickets', 'GET', `${base}/tickets?limit=20`), 1],
    ],
  } as const satisfies Record<
    Actor['role'],
    readonly (readonly [() => Promise<unknown>, number])[]
  >;
  const plan = plans[actor.role];
  const total = plan.reduce((sum, [, weight]) => sum + weight, 0);
  while (!options.stopped()) {
    const roll = random.next() * total;
    let sum = 0;
    const step = plan.find(([, weight]) => {
      sum += weight;
      return roll < sum;
    });
    await (step ?? plan[0])[0]();
    await Bun.sleep(random.int(options.thinkMs[0], options.thinkMs[1]));
  }
}

/**
 * Whether each job asked for has run (an export ready, an attachment processed). Once seen done
 * a job stays done (`seen`); a read that fails (a 5xx on a loaded machine) is tried again, so
 * that only a job never seen done counts as never run.
 */
export async function jobOutcomes(
  call: RecordingApi,
  intentions: Intentions,
  seen: Set<string>,
): Promise<JobRecord[]> {
  return Promise.all(
    intentions.jobs.map(async (job) => {
      for (let attempt = 1; attempt <= 3 && !seen.has(job.id); attempt++) {
        const res = await call<{ status: string }>('GET job', 'GET', job.path, {
          token: job.token(),
        });
        if (res?.status === 200 && res.body.status === 'ready') seen.add(job.id);
        if (res && res.status < 500) break;
        await Bun.sleep(1000);
      }
      return { kind: job.kind, id: job.id, done: seen.has(job.id) };
    }),
  );
}
