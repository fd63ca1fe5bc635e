// The data side of the ticket-read peers (Express and Fastify share it, as one Node app's routes
// would): pg and ioredis from the environment the bench hands over, and the same membership,
// session and ticket reads as InsightDesk's GET /orgs/{orgId}/tickets/{ticketId}.
//
// Roles and session epochs are kept in-process for 10 s (lru-cache), as InsightDesk's near cache
// keeps them: a hot request then does one Valkey command (the budget) and one PostgreSQL query
// (the ticket) on both sides, so the comparison is of the stacks, not of the caching policy.
import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import pg from 'pg';

export const env = {
  port: Number(process.argv[2] ?? process.env.PORT ?? 3000),
  databaseUrl: required('DATABASE_URL'),
  valkeyUrl: required('VALKEY_URL'),
  jwtSecret: required('JWT_SECRET'),
  perUserPerMinute: Number(process.env.RATE_LIMIT_USER_PER_MINUTE ?? 3000),
};

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

export const jwtOptions = { algorithms: ['HS256'], issuer: 'insightdesk', audience: 'insightdesk' };

// Idle connections kept 60 s, as InsightDesk's pool keeps them (postgres.js `idle_timeout: 60`):
// with pg's default (10 s) the peer reconnected its pool in every round of bench/api.ts, whose
// rounds come 40–60 s apart, and lost a third of a 5 s round to it (2026-11-25: 628 req/s in
// the 3 s after 40 s idle, 1,650–1,770 after 6 s idle).
export const pool = new pg.Pool({
  connectionString: env.databaseUrl,
  max: 10,
  idleTimeoutMillis: 60_000,
});
export const redis = new Redis(env.valkeyUrl, { enableOfflineQueue: true });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STAFF = new Set(['owner', 'admin', 'agent']);
const near = { max: 100_000, ttl: 10_000 };
const roles = new LRUCache(near);
const sessions = new LRUCache(near);

export class HttpError extends Error {
  constructor(status, code, detail) {
    super(detail);
    this.status = status;
    this.code = code;
  }
}

/** The token's session must not have been ended (InsightDesk's session epoch). */
export async function checkSession(claims) {
  let state = sessions.get(claims.sub);
  if (state === undefined) {
    const { rows } = await pool.query({
      name: 'session-state',
      text: 'select session_epoch as epoch, kept_family from users where id = $1',
      values: [claims.sub],
    });
    state = rows[0] ?? null;
    sessions.set(claims.sub, state);
  }
  if (!state) throw new HttpError(401, 'invalid_token', 'The account no longer exists.');
  const kept = claims.fam !== undefined && claims.fam === state.kept_family;
  if ((claims.ep ?? 0) !== state.epoch && !kept)
    throw new HttpError(401, 'session_revoked', 'This session has ended; sign in again.');
}

/** The member's role in the organization; 404 for anyone else (no existence leak). */
export async function roleOf(orgId, userId) {
  const key = `${orgId}:${userId}`;
  let role = UUID.test(orgId) ? roles.get(key) : null;
  if (role === undefined) {
    const { rows } = await pool.query({
      name: 'membership',
      text: 'select role_name as role from memberships where org_id = $1 and user_id = $2',
      values: [orgId, userId],
    });
    role = rows[0]?.role ?? null;
    roles.set(key, role);
  }
  if (!role) throw new HttpError(404, 'org_not_found', 'No such organization.');
  return role;
}

const TICKET = `
  select t.id, t.number, t.subject, t.status, t.priority, t.version,
         to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
         to_char(t.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at,
         t.requester_id, r.name as requester_name, t.assignee_id, a.name as assignee_name
    from tickets t
    join users r on r.id = t.requester_id
    left join users a on a.id = t.assignee_id
   where t.org_id = $1 and t.id = $2 and ($3 or t.requester_id = $4)`;

/** The ticket as InsightDesk answers it; requesters see only their own. */
export async function getTicket(orgId, userId, role, ticketId) {
  if (!UUID.test(ticketId)) throw new HttpError(404, 'ticket_not_found', 'No such ticket.');
  const { rows } = await pool.query({
    name: 'ticket',
    text: TICKET,
    values: [orgId, ticketId, STAFF.has(role), userId],
  });
  const r = rows[0];
  if (!r) throw new HttpError(404, 'ticket_not_found', 'No such ticket.');
  return {
    id: r.id,
    number: r.number,
    subject: r.subject,
    status: r.status,
    priority: r.priority,
    requester: { id: r.requester_id, name: r.requester_name },
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/** RFC 9457, as InsightDesk answers errors. */
export function problem(status, code, detail, requestId) {
  return { type: 'about:blank', title: code, status, detail, code, requestId };
}

export async function close() {
  await pool.end();
  redis.disconnect();
}
