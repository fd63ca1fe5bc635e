import { beforeAll, describe, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import fc from 'fast-check';
import postgres from 'postgres';
import { team } from '../../../tests/support/api';
import { type CallResult, call, isProblem } from '../../../tests/support/http';
import { ROOT } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';

/**
 * Thousands of generated malformed requests at every GET/POST/PATCH route: never a 5xx, every
 * error is problem+json, and the database is exactly as before.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 120);
const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
  max: 1,
  onnotice: () => {},
});

const TABLES = [
  'users',
  'organizations',
  'memberships',
  'refresh_tokens',
  'invitations',
  'tickets',
  'messages',
  'attachments',
  'idempotency_keys',
  'outbox',
];

async function fingerprint(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    // A sum of the rows' 64-bit hashes: any row added, removed or changed moves it, and unlike
    // an aggregated string it does not grow with the table (a stack that ran the benches holds
    // millions of messages; one string of them all passed PostgreSQL's 1 GB limit).
    const [row] = await db.unsafe(
      `select count(*)::text || ':' || coalesce(sum(hashtextextended(t::text, 0))::text, '') as f from ${table} t`,
    );
    out[table] = String(row?.f);
  }
  return out;
}

interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: (ids: Ids) => string;
  readonly fields: readonly string[];
  readonly auth: boolean;
}
interface Ids {
  orgId: string;
  ticketId: string;
  userId: string;
}

const routes: Record<string, Route> = {
  register: {
    method: 'POST',
    path: () => '/api/v1/auth/register',
    fields: ['email', 'password', 'name', 'organizationName'],
    auth: false,
  },
  login: {
    method: 'POST',
    path: () => '/api/v1/auth/login',
    fields: ['email', 'password'],
    auth: false,
  },
  refresh: {
    method: 'POST',
    path: () => '/api/v1/auth/refresh',
    fields: ['refreshToken'],
    auth: false,
  },
  logout: {
    method: 'POST',
    path: () => '/api/v1/auth/logout',
    fields: ['refreshToken'],
    auth: false,
  },
  accept: {
    method: 'POST',
    path: () => '/api/v1/invitations/accept',
    fields: ['token', 'name', 'password'],
    auth: false,
  },
  me: { method: 'GET', path: () => '/api/v1/me', fields: [], auth: true },
  createOrg: { method: 'POST', path: () => '/api/v1/orgs', fields: ['name'], auth: true },
  getOrg: { method: 'GET', path: (i) => `/api/v1/orgs/${i.orgId}`, fields: [], auth: true },
  members: {
    method: 'GET',
    path: (i) => `/api/v1/orgs/${i.orgId}/members`,
    fields: [],
    auth: true,
  },
  invite: {
    method: 'POST',
    path: (i) => `/api/v1/orgs/${i.orgId}/invitations`,
    fields: ['email', 'role'],
    auth: true,
  },
  changeRole: {
    method: 'PATCH',
    path: (i) => `/api/v1/orgs/${i.orgId}/members/${i.userId}`,
    fields: ['role'],
    auth: true,
  },
  createTicket: {
    method: 'POST',
    path: (i) => `/api/v1/orgs/${i.orgId}/tickets`,
    fields: ['subject', 'body', 'priority'],
    auth: true,
  },
  listTickets: {
    method: 'GET',
    path: (i) => `/api/v1/orgs/${i.orgId}/tickets`,
    fields: [],
    auth: true,
  },
  getTicket: {
    method: 'GET',
    path: (i) => `/api/v1/orgs/${i.orgId}/tickets/${i.ticketId}`,
    fields: [],
    auth: true,
  },
  patchTicket: {
    method: 'PATCH',
    path: (i) => `/api/v1/orgs/${i.orgId}/tickets/${i.ticketId}`,
    fields: ['subject', 'status', 'priority', 'assigneeId'],
    auth: true,
  },
  createMessage: {
    method: 'POST',
    path: (i) => `/api/v1/orgs/${i.orgId}/tickets/${i.ticketId}/messages`,
    fields: ['body', 'internal'],
    auth: true,
  },
  listMessages: {
    method: 'GET',
    path: (i) => `/api/v1/orgs/${i.orgId}/tickets/${i.ticketId}/messages`,
    fields: [],
    auth: true,
  },
  analytics: {
    method: 'GET',
    path: (i) => `/api/v1/orgs/${i.orgId}/analytics/summary`,
    fields: [],
    auth: true,
  },
};

const headerText = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 80,
});
const queryKey = fc.constantFrom('limit', 'cursor', 'status', 'priority', 'assigneeId', 'q', 'x');
/** Cursors that decode: any representable instant, and 36 characters that may not be a uuid. */
const decodableCursor = fc
  .tuple(
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.stringMatching(/^[0-9a-f-]{36}$/),
  )
  .map((position) => Buffer.from(JSON.stringify(position)).toString('base64url'));
const queryValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  decodableCursor,
  fc.integer().map(String),
  fc.constantFrom('0', '101', '-1', '1e3', 'open', ''),
);

/** A body no route accepts: not an object, not JSON, or an object with a key no schema knows. */
const malformedBody = (fields: readonly string[]) =>
  fc.oneof(
    fc
      .jsonValue()
      .filter((v) => v === null || typeof v !== 'object' || Array.isArray(v))
      .map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }).map((s) => `{${s}`),
    fc
      .record(Object.fromEntries(fields.map((f) => [f, fc.anything()])), { requiredKeys: [] })
      .chain((known) =>
        fc
          .dictionary(
            fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !fields.includes(k)),
            // A JSON value: `undefined` from fc.anything() would drop the unknown key from the body.
            fc.jsonValue(),
            { minKeys: 1, maxKeys: 3 },
          )
          .map((extra) => JSON.stringify({ ...known, ...extra })),
      ),
  );

describe('malformed input, property-based', () => {
  let ids: Ids;
  let tokens: string[];
  let before: Record<string, string>;

  beforeAll(async () => {
    const teams = await Promise.all([team(), team()]);
    const [t] = teams;
    if (!t) throw new Error('no team');
    const ticket = await openTicket(t.requester, t.orgId);
    ids = { orgId: t.orgId, ticketId: ticket.id, userId: t.agent.user.id };
    // Several members share the per-user budget of the flood.
    tokens = [t.owner.token, t.admin.token, t.agent.token, t.requester.token, t.requester2.token];
    await Bun.sleep(500);
    before = await fingerprint();
  });

  for (const [name, route] of Object.entries(routes)) {
    test(`${route.method} ${name}: no 5xx, problem+json errors`, async () => {
      const seen = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            body: route.method === 'GET' ? fc.constant(undefined) : malformedBody(route.fields),
            query: fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }),
            contentType: fc.oneof(fc.constant('application/json'), headerText),
            auth: fc.oneof(
              {
                weight: 4,
                arbitrary: fc.integer({ min: 0, max: 4 }).map((i) => `Bearer ${tokens[i]}`),
              },
              { weight: 1, arbitrary: headerText.map((h) => `Bearer ${h}`) },
              { weight: 1, arbitrary: headerText },
            ),
            requestId: fc.option(headerText),
            idempotencyKey: fc.option(headerText),
            ifMatch: fc.option(
              fc.oneof(
                headerText,
                fc.nat().map((n) => `"${n}"`),
              ),
            ),
            pathId: fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.uuid()), { freq: 3 }),
          }),
          async (input) => {
            const pathIds =
              input.pathId === null
                ? ids
                : { ...ids, ticketId: encodeURIComponent(input.pathId) || 'x' };
            const query = new URLSearchParams(input.query).toString();
            const headers: Record<string, string> = { 'Content-Type': input.contentType };
            if (route.auth || input.auth.startsWith('Bearer ')) headers.Authorization = input.auth;
            if (input.requestId !== null) headers['X-Request-Id'] = input.requestId;
            if (input.idempotencyKey !== null) headers['Idempotency-Key'] = input.idempotencyKey;
            if (input.ifMatch !== null) headers['If-Match'] = input.ifMatch;
            const res: CallResult = await call(
              `${route.path(pathIds)}${query ? `?${query}` : ''}`,
              {
                method: route.method,
                headers,
                ...(input.body === undefined ? {} : { raw: input.body }),
              },
            );
            seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
            if (res.status >= 500)
              throw new Error(`${res.status} for ${JSON.stringify(input)}: ${res.text}`);
            if (res.status >= 400 && !isProblem(res))
              throw new Error(`not problem+json: ${res.status} ${res.text}`);
          },
        ),
        { numRuns: RUNS },
      );
      // Mutating routes never succeed with these inputs.
      if (route.method !== 'GET') expect([...seen.keys()].filter((s) => s < 400)).toEqual([]);
    });
  }

  test('the database is unchanged by all of it', async () => {
    expect(await fingerprint()).toEqual(before);
    await db.end();
  });
});
