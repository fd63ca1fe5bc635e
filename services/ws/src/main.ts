import { createCache } from '@insightdesk/shared/cache';
import { featuresConfig } from '@insightdesk/shared/config';
import { createDatabase } from '@insightdesk/shared/db';
import { typesDelivered } from '@insightdesk/shared/events';
import { createFeatures, featuresStep } from '@insightdesk/shared/features';
import { startHeartbeat } from '@insightdesk/shared/health';
import type { BaseEnv } from '@insightdesk/shared/http';
import { deploymentCatalog, type WsModuleParts } from '@insightdesk/shared/product';
import { wireDecoder } from '@insightdesk/shared/realtime';
import { createBaseApp, createServiceKit, httpServerStep, run } from '@insightdesk/shared/service';
import { databaseMemberships } from '@insightdesk/shared/tenancy';
import {
  type ConnectionKind,
  closeValkey,
  createValkey,
  createValkeyStores,
  pingValkey,
  waitReady,
} from '@insightdesk/shared/valkey';
import { Server as Engine, type WebSocketData } from '@socket.io/bun-engine';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server as BunServer } from 'bun';
import { Gauge } from 'prom-client';
import { Server } from 'socket.io';
import { clientEventRouter } from './client-events';
import { connectionLimit, oneSocketPerConnection } from './connection-limit';
import { forgetHandshake } from './handshake';
import { platformWsModules, wsGroups } from './modules';
import { createNativeRooms } from './native-rooms';
import { product } from './product';
import { withCompactRooms } from './socket-io-adapter-internals';
import { compactClient } from './socket-io-internals';
import { stickyCookie, stickyRouting } from './sticky';
import type { WsServer, WsSocket } from './types';

// Composition root of the ws service: the socket handlers of every module, the platform's
// (modules/: accounts, real-time delivery) and its product's.
// The platform's declarations and the product's, merged (a name declared twice stops it here).
const catalog = deploymentCatalog(product.catalog);
const kit = createServiceKit(
  'ws',
  { ...wsGroups, features: featuresConfig(catalog.features) },
  catalog.config,
);
const { config, productConfig, logger, lifecycle, health, metrics, instance, tracing } = kit;

// No read here tolerates lag: no replica pools.
const database = createDatabase({
  ...config.db,
  poolMax: 5,
  replicaUrls: [],
  applicationName: instance,
  logger,
});
// What it reads from the relay: the deployment's events delivered to clients.
const decoder = wireDecoder({
  stream: typesDelivered(catalog.events, 'organization stream'),
  user: typesDelivered(catalog.events, 'user channel'),
});
const valkey = (name: string, kind: ConnectionKind) =>
  createValkey({ url: config.valkey.queueUrl, name: `${instance}:${name}`, kind, logger });
// Commands to each store (valkeyConfig): one client when both stores share a server.
const commands = createValkeyStores(config.valkey, {
  name: `${instance}:command`,
  kind: 'command',
  logger,
});
const command = commands.queue;
// The adapter carries what instances say to each other (presence and typing room emits); the
// relay channel, on a connection of its own, brings the organizations' events.
const pub = valkey('adapter-pub', 'blocking');
const sub = valkey('adapter-sub', 'subscriber');
const relayChannel = valkey('relay', 'subscriber');
// Subscribers: cache invalidations (cache store) and ended sessions (queue store).
const subscribers = createValkeyStores(config.valkey, {
  name: `${instance}:invalidations`,
  kind: 'subscriber',
  logger,
});

const cache = createCache(commands.cache, logger, {
  near: { subscriber: subscribers.cache, ttlMs: 10_000, maxEntries: 100_000 },
});
// The flags decide, per organization, whether its "SSO required" is in force (the `oauth` flag).
const features = createFeatures({
  db: database.db,
  flags: catalog.features,
  defaults: config.features,
  subscriber: subscribers.cache,
  publisher: command,
  logger,
});
const memberships = databaseMemberships(database.db, cache, catalog.roles, (orgId) =>
  features.isEnabled('oauth', orgId),
);

// Without connectionStateRecovery, on purpose: a recovered socket would be put back in its rooms,
// the subscribers' room of subscriptions.ts among them, without the subscription that decides
// what it may receive.
const io: WsServer = new Server({
  adapter: withCompactRooms(createAdapter(pub, sub)),
  serveClient: false,
});
const engine = new Engine({
  path: '/socket.io/',
  cors: { origin: config.http.corsOrigins, credentials: true },
  // Client events are a few hundred bytes: a larger WebSocket message or polling body closes
  // the connection before anything parses it.
  maxHttpBufferSize: config.realtime.maxPacketBytes,
  allowRequest: connectionLimit(
    commands.cache,
    config.realtime.connectionsPerIp,
    config.http.clientIpHeader,
    logger,
  ),
  editHandshakeHeaders: (headers) => headers.append('Set-Cookie', stickyCookie(instance)),
});
io.bind(engine);
const sticky = stickyRouting({ ...config.routing, engine, valkey: command, logger });

const rooms = createNativeRooms({ enabled: config.realtime.nativePublish });
// Each module in turn, the platform's then the product: what each answers is registered below.
const parts: WsModuleParts<WsSocket>[] = [
  ...platformWsModules.map((module) =>
    module.start({
      config,
      io,
      db: database.db,
      cache,
      memberships,
      valkey: command,
      subscribers: { relay: relayChannel, sessions: subscribers.queue },
      decoder,
      rooms,
      registry: metrics.registry,
      tracing,
      logger,
    }),
  ),
  product.start({
    io,
    valkey: command,
    db: database.db,
    memberships,
    logger,
    presenceTtlSeconds: config.realtime.presenceTtlSeconds,
    config: productConfig,
  }),
];
const handlers = Object.assign({}, ...parts.map((part) => part.handlers ?? {}));
const unhandled = Object.keys(catalog.clientEvents).filter((event) => !handlers[event]);
if (unhandled.length > 0) throw new Error(`no handler for client events: ${unhandled.join(', ')}`);
const routeClientEvents = clientEventRouter({
  declarations: catalog.clientEvents,
  handlers,
  limits: config.realtime,
  logger,
});

for (const part of parts) if (part.middleware) io.use(part.middleware);
io.on('connection', (socket) => {
  routeClientEvents(socket);
  for (const part of parts) part.attach?.(socket);
  forgetHandshake(socket);
  compactClient(socket);
  oneSocketPerConnection(socket);
});

new Gauge({
  name: 'ws_connections',
  help: 'Connected Socket.IO clients on this instance',
  registers: [metrics.registry],
  collect() {
    this.set(io.of('/').sockets.size);
  },
});

health.addCheck({
  name: 'valkey',
  critical: true,
  check: async () => {
    await Promise.all(commands.clients.map(pingValkey));
  },
});
health.addCheck({ name: 'postgres', critical: true, check: () => database.ping() });

// Bun hands its server to the app as `env`: the engine upgrades WebSockets through it.
const app = createBaseApp<BaseEnv & { Bindings: BunServer<WebSocketData> }>(kit);
app.all('/socket.io/', (c) =>
  sticky.route(c.req.raw, c.env, (req, server) => engine.handleRequest(req, server)),
);

lifecycle
  .add({
    name: 'postgres',
    start: () => () => database.close(),
  })
  .add({
    name: 'valkey',
    async start() {
      const ready = await Promise.all(commands.clients.map((c) => waitReady(c, 3000)));
      if (ready.includes(false)) logger.warn('valkey not reachable yet, continuing');
      return async () => {
        await Promise.all(
          [...commands.clients, pub, sub, relayChannel, ...subscribers.clients].map(closeValkey),
        );
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
  .add(featuresStep(features));
for (const step of parts.flatMap((part) => part.steps ?? [])) lifecycle.add(step);
lifecycle
  .add(
    httpServerStep({
      host: config.http.host,
      port: config.http.port,
      fetch: app.fetch,
      extra: engine.handler(),
      onListen: (server) => rooms.serve(server),
      dependsOn: ['valkey', 'postgres', 'relay-channel', 'features'],
    }),
  )
  .add({
    name: 'socket.io',
    dependsOn: ['http'],
    // Stopped before the listener closes: viewers leave, then every transport is closed, which
    // clients take as a lost connection: they reconnect (to the other instance) and resume with
    // `since`. (A server-side disconnect would tell them not to come back.)
    start: () => async () => {
      sticky.stop();
      await Promise.all(parts.map((part) => part.stop?.()));
      engine.close();
    },
  });

await run(kit);
