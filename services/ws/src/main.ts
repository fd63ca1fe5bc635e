import { createAccessTokens } from '@insightdesk/shared/auth';
import { createCache } from '@insightdesk/shared/cache';
import {
  authConfig,
  dbConfig,
  httpConfig,
  realtimeConfig,
  valkeyConfig,
} from '@insightdesk/shared/config';
import { createDatabase } from '@insightdesk/shared/db';
import { startHeartbeat } from '@insightdesk/shared/health';
import { createBaseApp, createServiceKit, httpServerStep, run } from '@insightdesk/shared/service';
import { createMemberships } from '@insightdesk/shared/tenancy';
import { closeValkey, createValkey, pingValkey, waitReady } from '@insightdesk/shared/valkey';
import { Server as Engine } from '@socket.io/bun-engine';
import { createAdapter } from '@socket.io/redis-adapter';
import { Counter, Gauge } from 'prom-client';
import { Server } from 'socket.io';
import { installAuthentication } from './authentication';
import { connectionLimit } from './connection-limit';
import { createPresence } from './presence';
import { stickyCookie } from './sticky';
import { createSubscriptions } from './subscriptions';
import type { AppSocket } from './types';

// Composition root of the ws service.
const kit = createServiceKit('ws', {
  http: httpConfig,
  valkey: valkeyConfig,
  db: dbConfig,
  auth: authConfig,
  realtime: realtimeConfig,
});
const { config, logger, lifecycle, health, metrics, instance } = kit;

const database = createDatabase({ ...config.db, poolMax: 5, applicationName: instance, logger });
const valkey = (name: string, role: 'command' | 'blocking') =>
  createValkey({ url: config.valkey.url, name: `${instance}:${name}`, role, logger });
const command = valkey('command', 'command');
const pub = valkey('adapter-pub', 'blocking');
const sub = valkey('adapter-sub', 'blocking');
const invalidations = valkey('invalidations', 'blocking');

const memberships = createMemberships(
  database.db,
  createCache(command, logger, {
    near: { subscriber: invalidations, ttlMs: 10_000, maxEntries: 100_000 },
  }),
);

const io = new Server({ adapter: createAdapter(pub, sub), serveClient: false });
const engine = new Engine({
  path: '/socket.io/',
  cors: { origin: config.http.corsOrigins, credentials: true },
  allowRequest: connectionLimit(
    command,
    config.realtime.connectionsPerIp,
    config.http.clientIpHeader,
    logger,
  ),
  editHandshakeHeaders: (headers) => headers.append('Set-Cookie', stickyCookie(instance)),
});
io.bind(engine);

const authenticated = installAuthentication(io, {
  tokens: createAccessTokens({
    keys: config.auth.signingKeys,
    ttlSeconds: config.auth.accessTokenTtlSeconds,
  }),
  db: database.db,
  logger,
});
const subscriptions = createSubscriptions({
  io,
  valkey: command,
  memberships,
  logger,
  delivered: new Counter({
    name: 'ws_events_delivered_total',
    help: 'Events handed to sockets (replayed or live)',
    registers: [metrics.registry],
  }),
});
const presence = createPresence({
  io,
  valkey: command,
  db: database.db,
  memberships,
  logger,
  ttlSeconds: config.realtime.presenceTtlSeconds,
});

io.on('connection', (raw) => {
  const socket = raw as unknown as AppSocket;
  authenticated(socket);
  subscriptions.attach(socket);
  presence.attach(socket);
});

// Events published while the adapter was cut off from Valkey are read back from the streams.
let adapterLost = false;
sub.on('close', () => {
  adapterLost = true;
});
sub.on('ready', () => {
  if (!adapterLost) return;
  adapterLost = false;
  // The adapter re-subscribes on reconnect; give it a moment before reading the gaps.
  setTimeout(() => void subscriptions.resynchronize(), 250);
});

new Gauge({
  name: 'ws_connections',
  help: 'Connected Socket.IO clients on this instance',
  registers: [metrics.registry],
  collect() {
    this.set(io.of('/').sockets.size);
  },
});
new Gauge({
  name: 'ws_subscriptions',
  help: 'Organization subscriptions of this instance',
  registers: [metrics.registry],
  collect() {
    this.set(subscriptions.count);
  },
});

health.addCheck({ name: 'valkey', critical: true, check: () => pingValkey(command) });
health.addCheck({ name: 'postgres', critical: true, check: () => database.ping() });

const app = createBaseApp(kit);
app.all('/socket.io/', (c) => engine.handleRequest(c.req.raw, c.env as never));

lifecycle
  .add({
    name: 'postgres',
    start: () => () => database.close(),
  })
  .add({
    name: 'valkey',
    async start() {
      if (!(await waitReady(command, 3000))) logger.warn('valkey not reachable yet, continuing');
      return async () => {
        await Promise.all([command, pub, sub, invalidations].map(closeValkey));
      };
    },
  })
  .add({
    name: 'heartbeat',
    dependsOn: ['valkey'],
    start: () =>
      startHeartbeat({
        valkey: command,
        service: 'ws',
        instance,
        logger,
        extra: () => ({ connections: io.of('/').sockets.size }),
      }),
  })
  .add(
    httpServerStep({
      host: config.http.host,
      port: config.http.port,
      fetch: app.fetch,
      extra: engine.handler() as never,
      dependsOn: ['valkey', 'postgres'],
    }),
  )
  .add({
    name: 'socket.io',
    dependsOn: ['http'],
    // Stopped before the listener closes: viewers leave, then every transport is closed, which
    // clients take as a lost connection: they reconnect (to the other instance) and resume with
    // `since`. (A server-side disconnect would tell them not to come back.)
    start: () => async () => {
      subscriptions.stop();
      await presence.stop();
      engine.close();
    },
  });

await run(kit);
