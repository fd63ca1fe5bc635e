// Peer: InsightDesk's real-time fan-out as a socket.io team on Node would write it — socket.io 4
// with @socket.io/redis-adapter between instances, ioredis, pg and jsonwebtoken; the same
// handshake (`auth: {token}`: a valid access token of a live session, else `connect_error`
// "unauthorized"), rooms (`user:{id}`; an organization's staff, or a requester's own tickets),
// `subscribe {orgId}` → `{ok, lastEventId}` after the membership check, and the same envelope
// `{id, orgId, type, at, data}` under the event's type. Events come from the relay channel the
// stack's relay publishes on, as for our ws instances. Usage: node socketio-fanout.mjs <port>
import { createSecretKey } from 'node:crypto';
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import jwt from 'jsonwebtoken';
import { Server } from 'socket.io';
import { checkSession, close, env, jwtOptions, pool, roleOf } from './ticket-data.mjs';

const RELAY_CHANNEL = 'insightdesk:events:relay';
const STAFF = new Set(['owner', 'admin', 'agent']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const key = createSecretKey(Buffer.from(env.jwtSecret));
const sticky = process.env.STICKY_NAME;

const httpServer = createServer((req, res) => {
  if (req.url !== '/health/live') return res.writeHead(404).end();
  res.setHeader('Content-Type', 'application/json');
  res.end('{"status":"ok"}');
});
const pub = new Redis(env.valkeyUrl);
const sub = pub.duplicate();
const relay = pub.duplicate();
const io = new Server(httpServer, {
  path: '/socket.io/',
  serveClient: false,
  adapter: createAdapter(pub, sub),
  maxHttpBufferSize: 16_384,
  cors: { origin: ['https://localhost:8443'], credentials: true },
});
if (sticky) {
  // The same affinity cookie as our instances, so nginx's map routes a session back to it.
  io.engine.on('initial_headers', (headers) => {
    headers['set-cookie'] =
      `insightdesk_ws=${sticky}; Path=/socket.io/; HttpOnly; Secure; SameSite=Lax`;
  });
}

io.use(async (socket, next) => {
  try {
    const token = socket.handshake.auth?.token;
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096)
      throw new Error('no token');
    const claims = jwt.verify(token, key, jwtOptions);
    await checkSession(claims);
    const { rows } = await pool.query({
      name: 'user',
      text: 'select id, name from users where id = $1',
      values: [claims.sub],
    });
    if (!rows[0]) throw new Error('no such user');
    socket.data.userId = rows[0].id;
    socket.data.name = rows[0].name;
    next();
  } catch {
    next(new Error('unauthorized'));
  }
});

io.on('connection', (socket) => {
  socket.join(`user:${socket.data.userId}`);
  socket.on('subscribe', async (payload, ack) => {
    if (typeof ack !== 'function') return;
    const orgId = payload?.orgId;
    if (typeof orgId !== 'string' || !UUID.test(orgId))
      return ack({ ok: false, error: 'invalid_request' });
    try {
      const role = await roleOf(orgId, socket.data.userId);
      socket.join(
        STAFF.has(role) ? `org:${orgId}:staff` : `org:${orgId}:requester:${socket.data.userId}`,
      );
      const [last] = await pub.xrevrange(`insightdesk:events:{${orgId}}`, '+', '-', 'COUNT', 1);
      ack({ ok: true, lastEventId: last?.[0] ?? '0-0' });
    } catch {
      ack({ ok: false, error: 'not_found' });
    }
  });
});

// Each instance hears every event and hands it to its own sockets in the rooms that may see it.
relay.on('message', (_channel, raw) => {
  let message;
  try {
    message = JSON.parse(raw);
  } catch {
    return;
  }
  const { id, orgId, entry } = message;
  if (!entry?.type || !entry.audience) return;
  const rooms = [`org:${orgId}:staff`];
  if (!entry.audience.staffOnly && entry.audience.requesterId)
    rooms.push(`org:${orgId}:requester:${entry.audience.requesterId}`);
  io.local
    .to(rooms)
    .emit(entry.type, { id, orgId, type: entry.type, at: entry.at, data: entry.data });
});
await relay.subscribe(RELAY_CHANNEL);

httpServer.listen(env.port, '127.0.0.1');
process.on('SIGTERM', () => {
  io.close();
  relay.disconnect();
  sub.disconnect();
  pub.disconnect();
  close().finally(() => process.exit(0));
});
