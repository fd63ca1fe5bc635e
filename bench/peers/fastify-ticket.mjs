// Peer: GET /api/v1/orgs/:orgId/tickets/:ticketId written the way a Fastify 5 team would —
// @fastify/helmet, @fastify/cors, Fastify's own pino logger, @fastify/jwt, @fastify/rate-limit
// with its Redis store (the per-user budget in Valkey), a response schema (fast-json-stringify),
// pg and ioredis. Usage: node fastify-ticket.mjs <port>
import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import fastifyJwt from '@fastify/jwt';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController } from 'fastify';
import pino from 'pino';
import {
  checkSession,
  close,
  env,
  getTicket,
  HttpError,
  jwtOptions,
  problem,
  redis,
  roleOf,
} from './ticket-data.mjs';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** One access line per request (when it completes), as InsightDesk writes. */
class AccessLog extends LogController {
  incomingRequest() {}
}

const app = Fastify({
  loggerInstance: pino(pino.destination({ dest: 1, sync: false })),
  logController: new AccessLog(),
  genReqId: (req) => {
    const given = req.headers['x-request-id'];
    return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  },
  trustProxy: '127.0.0.1',
});

await app.register(helmet);
await app.register(cors, {
  origin: ['https://localhost:8443'],
  exposedHeaders: ['ETag', 'X-Request-Id', 'Retry-After', 'RateLimit-Limit'],
});
await app.register(fastifyJwt, {
  secret: env.jwtSecret,
  verify: {
    algorithms: jwtOptions.algorithms,
    allowedIss: jwtOptions.issuer,
    allowedAud: jwtOptions.audience,
  },
});
await app.register(rateLimit, { global: false, redis, nameSpace: 'bench-peer:fastify:rl:' });

app.addHook('onRequest', async (req, reply) => {
  reply.header('X-Request-Id', req.id);
});

async function authenticate(req) {
  try {
    await req.jwtVerify();
  } catch (err) {
    const code =
      err.code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED' ? 'token_expired' : 'invalid_token';
    throw new HttpError(401, code, 'The access token is not valid.');
  }
  await checkSession(req.user);
}

const person = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' } },
};
const ticketSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    number: { type: 'integer' },
    subject: { type: 'string' },
    status: { type: 'string' },
    priority: { type: 'string' },
    requester: person,
    assignee: { anyOf: [person, { type: 'null' }] },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    version: { type: 'integer' },
  },
};

app.get(
  '/api/v1/orgs/:orgId/tickets/:ticketId',
  {
    onRequest: authenticate,
    config: {
      rateLimit: {
        max: env.perUserPerMinute,
        timeWindow: 60_000,
        hook: 'preHandler',
        keyGenerator: (req) => req.user.sub,
      },
    },
    schema: {
      params: {
        type: 'object',
        properties: { orgId: { type: 'string' }, ticketId: { type: 'string' } },
      },
      response: { 200: ticketSchema },
    },
  },
  async (req, reply) => {
    const role = await roleOf(req.params.orgId, req.user.sub);
    const ticket = await getTicket(req.params.orgId, req.user.sub, role, req.params.ticketId);
    const etag = `"${ticket.version}"`;
    reply.header('ETag', etag);
    if (req.headers['if-none-match']?.replace(/^W\//, '') === etag) return reply.code(304).send();
    return ticket;
  },
);

app.get('/health/live', async () => ({ status: 'ok' }));

app.setErrorHandler((err, req, reply) => {
  const status = err instanceof HttpError ? err.status : (err.statusCode ?? 500);
  if (status >= 500) req.log.error({ err }, 'request failed');
  reply
    .code(status)
    .type('application/problem+json')
    .send(problem(status, err.code ?? 'internal', err.message, req.id));
});

await app.listen({ port: env.port, host: '127.0.0.1' });
process.on('SIGTERM', () =>
  app
    .close()
    .then(close)
    .finally(() => process.exit(0)),
);
