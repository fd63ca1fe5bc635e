// Peer: GET /api/v1/orgs/:orgId/tickets/:ticketId written the way an Express 5 team would —
// helmet, cors, pino-http access logs, jsonwebtoken, express-rate-limit with rate-limit-redis
// (the per-user budget in Valkey), pg and ioredis. Usage: node express-ticket.mjs <port>
import { createSecretKey, randomUUID } from 'node:crypto';
import cors from 'cors';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import jwt from 'jsonwebtoken';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { RedisStore } from 'rate-limit-redis';
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
const app = express();
app.disable('x-powered-by');
app.set('etag', false); // the ticket's version is its ETag
app.set('trust proxy', 'loopback');

app.use(
  pinoHttp({
    logger: pino(pino.destination({ dest: 1, sync: false })),
    // One compact access line per request, as InsightDesk writes (not every header).
    serializers: {
      req: (req) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res) => ({ statusCode: res.statusCode }),
    },
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
  }),
);
app.use(helmet());
app.use(
  cors({
    origin: ['https://localhost:8443'],
    exposedHeaders: ['ETag', 'X-Request-Id', 'Retry-After', 'RateLimit-Limit'],
  }),
);

// A KeyObject made once: given the secret as a string, jsonwebtoken first tries to parse it as a
// PEM public key on every call (1.6 ms each on this machine's OpenSSL).
const key = createSecretKey(Buffer.from(env.jwtSecret));

function authenticate(req, _res, next) {
  const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!token)
    return next(new HttpError(401, 'missing_token', 'A Bearer access token is required.'));
  try {
    req.user = jwt.verify(token, key, jwtOptions);
  } catch (err) {
    const code = err instanceof jwt.TokenExpiredError ? 'token_expired' : 'invalid_token';
    return next(new HttpError(401, code, 'The access token is not valid.'));
  }
  checkSession(req.user).then(() => next(), next);
}

const perUser = rateLimit({
  windowMs: 60_000,
  limit: env.perUserPerMinute,
  standardHeaders: 'draft-6',
  legacyHeaders: false,
  keyGenerator: (req) => req.user.sub,
  store: new RedisStore({
    prefix: 'bench-peer:express:rl:',
    sendCommand: (command, ...args) => redis.call(command, ...args),
  }),
  handler: (_req, _res, next) => next(new HttpError(429, 'rate_limited', 'Too many requests.')),
});

app.get('/api/v1/orgs/:orgId/tickets/:ticketId', authenticate, perUser, async (req, res) => {
  const role = await roleOf(req.params.orgId, req.user.sub);
  const ticket = await getTicket(req.params.orgId, req.user.sub, role, req.params.ticketId);
  res.set('ETag', `"${ticket.version}"`);
  if (req.fresh) return res.status(304).end();
  res.json(ticket);
});

app.get('/health/live', (_req, res) => res.json({ status: 'ok' }));

app.use((err, req, res, _next) => {
  const status = err instanceof HttpError ? err.status : 500;
  if (status === 500) req.log.error({ err }, 'request failed');
  res
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify(
        problem(status, err.code ?? 'internal', err.message ?? 'Internal error', req.id),
      ),
    );
});

const server = app.listen(env.port, '127.0.0.1');
// Idle connections kept longer than nginx's upstream keep-alive (30 s), as Fastify's default and
// our services do: Node's 5 s had nginx open a new connection for most slices of a run.
server.keepAliveTimeout = 75_000;
process.on('SIGTERM', () => server.close(() => close().finally(() => process.exit(0))));
