import { dbConfig, httpConfig, realtimeConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createDatabase } from '@insightdesk/shared/db';
import { startHeartbeat } from '@insightdesk/shared/health';
import { createBaseApp, createServiceKit, httpServerStep, run } from '@insightdesk/shared/service';
import { closeValkey, createValkey, pingValkey, waitReady } from '@insightdesk/shared/valkey';
import { Counter, Gauge, Histogram } from 'prom-client';
import { createOutboxRelay, realtimeEffect } from './outbox-relay';

// Composition root of the worker. Its HTTP server only answers health and metrics.
const kit = createServiceKit('worker', {
  http: httpConfig,
  db: dbConfig,
  valkey: valkeyConfig,
  realtime: realtimeConfig,
});
const { config, logger, lifecycle, health, instance, metrics } = kit;

const database = createDatabase({ ...config.db, poolMax: 5, applicationName: instance, logger });
const command = createValkey({
  url: config.valkey.url,
  name: `${instance}:command`,
  role: 'command',
  logger,
});
// BullMQ's connection: blocking commands, waits through a Valkey restart instead of failing.
const queueConnection = createValkey({
  url: config.valkey.url,
  name: `${instance}:queues`,
  role: 'blocking',
  logger,
});

const relay = createOutboxRelay({
  database,
  effects: [realtimeEffect(command, config.realtime.streamMaxLength)],
  logger,
  metrics: {
    relayed: new Counter({
      name: 'outbox_relayed_total',
      help: 'Outbox rows relayed',
      registers: [metrics.registry],
    }),
    failures: new Counter({
      name: 'outbox_relay_failures_total',
      help: 'Relay attempts that failed and were rolled back',
      registers: [metrics.registry],
    }),
    lag: new Histogram({
      name: 'outbox_relay_lag_seconds',
      help: 'From commit to relay',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120],
      registers: [metrics.registry],
    }),
    pending: new Gauge({
      name: 'outbox_pending',
      help: 'Rows not relayed yet',
      registers: [metrics.registry],
    }),
  },
});

health.addCheck({ name: 'postgres', critical: true, check: () => database.ping() });
health.addCheck({ name: 'valkey', critical: true, check: () => pingValkey(command) });

lifecycle
  .add({
    name: 'postgres',
    async start() {
      await database.ping();
      return () => database.close();
    },
  })
  .add({
    name: 'valkey',
    async start() {
      if (!(await waitReady(command, 3000))) logger.warn('valkey not reachable yet, continuing');
      return async () => {
        await Promise.all([closeValkey(command), closeValkey(queueConnection)]);
      };
    },
  })
  .add({
    name: 'heartbeat',
    dependsOn: ['valkey'],
    start: () => startHeartbeat({ valkey: command, service: 'worker', instance, logger }),
  })
  .add({
    name: 'outbox-relay',
    dependsOn: ['postgres', 'valkey'],
    async start() {
      await relay.start();
      return () => relay.stop();
    },
  })
  .add(
    httpServerStep({
      host: config.http.host,
      port: config.http.port,
      fetch: createBaseApp(kit).fetch,
    }),
  );

await run(kit);
