import { httpConfig, valkeyConfig } from '@insightdesk/shared/config';
import { startHeartbeat } from '@insightdesk/shared/health';
import { createBaseApp, createServiceKit, httpServerStep, run } from '@insightdesk/shared/service';
import { closeValkey, createValkey, pingValkey, waitReady } from '@insightdesk/shared/valkey';
import { Server as Engine } from '@socket.io/bun-engine';
import { createAdapter } from '@socket.io/redis-adapter';
import { Gauge } from 'prom-client';
import { Server } from 'socket.io';
import { stickyCookie } from './sticky';

// Composition root of the ws service.
const kit = createServiceKit('ws', { http: httpConfig, valkey: valkeyConfig });
const { config, logger, lifecycle, health, metrics, instance } = kit;

const command = createValkey({
  url: config.valkey.url,
  name: `${instance}:command`,
  role: 'command',
  logger,
});
const pub = createValkey({
  url: config.valkey.url,
  name: `${instance}:adapter-pub`,
  role: 'blocking',
  logger,
});
const sub = createValkey({
  url: config.valkey.url,
  name: `${instance}:adapter-sub`,
  role: 'blocking',
  logger,
});

const io = new Server({ adapter: createAdapter(pub, sub), serveClient: false });
const engine = new Engine({
  path: '/socket.io/',
  cors: { origin: config.http.corsOrigins, credentials: true },
  editHandshakeHeaders: (headers) => headers.append('Set-Cookie', stickyCookie(instance)),
});
io.bind(engine);

const connections = new Gauge({
  name: 'ws_connections',
  help: 'Connected Socket.IO clients on this instance',
  registers: [metrics.registry],
  collect() {
    this.set(io.of('/').sockets.size);
  },
});
void connections;

health.addCheck({ name: 'valkey', critical: true, check: () => pingValkey(command) });

const app = createBaseApp(kit);
app.all('/socket.io/', (c) => engine.handleRequest(c.req.raw, c.env as never));

lifecycle
  .add({
    name: 'valkey',
    async start() {
      if (!(await waitReady(command, 3000))) logger.warn('valkey not reachable yet, continuing');
      return async () => {
        await Promise.all([closeValkey(command), closeValkey(pub), closeValkey(sub)]);
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
      dependsOn: ['valkey'],
    }),
  )
  .add({
    name: 'socket.io',
    dependsOn: ['http'],
    // Stopped before the listener closes: clients are told to go, and reconnect elsewhere.
    start: () => () => {
      io.disconnectSockets(true);
      engine.close();
    },
  });

await run(kit);
