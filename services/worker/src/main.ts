import { featuresConfig } from '@insightdesk/shared/config';
import { createDatabase } from '@insightdesk/shared/db';
import { effectRegistry } from '@insightdesk/shared/events';
import { createFeatures } from '@insightdesk/shared/features';
import { startHeartbeat } from '@insightdesk/shared/health';
import { createMailer } from '@insightdesk/shared/mail';
import { parseNetworks } from '@insightdesk/shared/net';
import { deploymentCatalog, type WorkerModuleParts } from '@insightdesk/shared/product';
import { openFlows, openQueues, queueList } from '@insightdesk/shared/queues';
import { createBaseApp, createServiceKit, httpServerStep, run } from '@insightdesk/shared/service';
import { createStorage, scratchDir } from '@insightdesk/shared/storage';
import {
  closeValkey,
  createValkey,
  createValkeyStores,
  pingValkey,
  registerEpochMetrics,
  replicasToWait,
  replicationWait,
  waitReady,
  watchValkeyEpoch,
} from '@insightdesk/shared/valkey';
import { consumersFor, startConsumers } from './consumers';
import { platformWorkerModules, workerGroups } from './modules';
import { redriveOutbox } from './outbox-redrive';
import { createOutboxRelay, relayMetrics } from './outbox-relay';
import { product } from './product';
import { scheduleDeclarer } from './schedule-declarer';

// Composition root of the worker: the outbox relay and the queue consumers of every module, the
// platform's (modules/) and its product's. Its HTTP server only answers health and metrics.
// The platform's declarations and the product's, merged (a name declared twice stops it here).
const catalog = deploymentCatalog(product.catalog);
const kit = createServiceKit(
  'worker',
  { ...workerGroups, features: featuresConfig(catalog.features) },
  catalog.config,
);
const { config, productConfig, logger, lifecycle, health, instance, metrics, tracing } = kit;

// A connection per job at once, and a few for the relay and schedules.
const database = createDatabase({
  ...config.db,
  poolMax: config.worker.concurrency + 5,
  // Jobs read what was just committed: no replica pools.
  replicaUrls: [],
  applicationName: instance,
  logger,
});
// Commands to each store (valkeyConfig): one client when both stores share a server.
const commands = createValkeyStores(config.valkey, {
  name: `${instance}:command`,
  kind: 'command',
  logger,
});
const command = commands.queue;
// The generation of the queue store's data: its change on /metrics says it was lost.
registerEpochMetrics(metrics.registry, command);
// BullMQ's connection: blocking commands, waits through a Valkey restart instead of failing.
const queueConnection = createValkey({
  url: config.valkey.queueUrl,
  name: `${instance}:queues`,
  kind: 'blocking',
  logger,
});
const mailer = createMailer({
  ...config.mail,
  // Its own key is derived from the one of mailed links (message-id.ts).
  messageIdSecret: config.auth.invitationSecret,
  logger,
  connections: config.worker.concurrency,
});
const { storage } = await createStorage(config.storage, config.app.publicUrl);
const scratch = scratchDir(config.storage.dir);

// Fair share between organizations while the `fair-queues` feature is on (switchable live).
const features = createFeatures({
  db: database.db,
  flags: catalog.features,
  defaults: config.features,
  subscriber: createValkey({
    url: config.valkey.cacheUrl,
    name: `${instance}:features`,
    kind: 'subscriber',
    logger,
  }),
  publisher: commands.cache,
  logger,
});
const queues = openQueues(queueConnection, catalog.queues, {
  fair: () => features.isEnabled('fair-queues'),
});
const flows = openFlows(queueConnection);
const schedules = scheduleDeclarer({
  valkey: command,
  maintenance: queues.maintenance,
  schedules: catalog.schedules,
  logger,
});
// Each module in turn, the platform's then the product: what each answers is registered below.
const parts: WorkerModuleParts[] = [
  ...platformWorkerModules.map((module) =>
    module.start({
      config,
      database,
      valkey: command,
      queues,
      mailer,
      events: catalog.events,
      productConfig,
      scratchDir: scratch,
      registry: metrics.registry,
      logger,
      gathered: () => gathered,
    }),
  ),
  product.start({
    database,
    storage,
    scratchDir: scratch,
    mailer,
    valkey: command,
    queues,
    flows,
    logger,
    publicUrl: config.app.publicUrl,
    mailLinkSecret: config.auth.invitationSecret,
    config: productConfig,
    urlGuard: {
      allowedNetworks: parseNetworks(config.webhooks.allowedNetworks),
      allowedPorts: config.webhooks.allowedPorts,
      timeoutMs: config.webhooks.timeoutMs,
    },
  }),
];
const gathered = {
  purges: parts.flatMap((part) => part.purges ?? []),
  stillDeliverable: Object.assign({}, ...parts.map((part) => part.stillDeliverable ?? {})),
};

// Each effect runs for the event types it handles, in the modules' order.
const effects = effectRegistry(
  catalog.events,
  parts.flatMap((part) => part.effects ?? []),
);
const relay = createOutboxRelay({
  database,
  effects,
  logger,
  // The effects write with both clients: streams and channels with `command`, jobs with BullMQ's.
  ...(replicasToWait(config.valkey) > 0
    ? {
        replication: replicationWait({
          clients: [command, queueConnection],
          replicas: replicasToWait(config.valkey),
          timeoutMs: config.valkey.waitTimeoutMs,
          logger,
        }),
      }
    : {}),
  tracing,
  metrics: relayMetrics(metrics.registry),
});

const consumers = consumersFor(
  catalog.queues,
  parts.map((part) => part.processors ?? {}),
  Object.assign({}, ...parts.map((part) => part.concurrency ?? {})),
);

health.addCheck({ name: 'postgres', critical: true, check: () => database.ping() });
health.addCheck({
  name: 'valkey',
  critical: true,
  check: async () => {
    await Promise.all(commands.clients.map(pingValkey));
  },
});
health.addCheck({ name: 'smtp', critical: false, timeoutMs: 3000, check: () => mailer.verify() });

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
      const ready = await Promise.all(commands.clients.map((c) => waitReady(c, 3000)));
      if (ready.includes(false)) logger.warn('valkey not reachable yet, continuing');
      return async () => {
        features.stop();
        await Promise.all([...queueList(queues).map((q) => q.close()), flows.close()]);
        await Promise.all([...commands.clients, queueConnection].map(closeValkey));
      };
    },
  })
  .add({ name: 'mailer', start: () => () => mailer.close() })
  .add({
    name: 'heartbeat',
    dependsOn: ['valkey'],
    start: () => startHeartbeat({ valkey: command, service: 'worker', instance, logger }),
  })
  .add({
    name: 'queues',
    dependsOn: ['postgres', 'valkey', 'mailer'],
    async start() {
      await features.start();
      await schedules
        .declareAll()
        .catch((err) => logger.warn({ err }, 'schedules not upserted yet'));
      schedules.start();
      const running = startConsumers({
        consumers,
        connection: queueConnection,
        instance,
        settings: config.worker,
        logger,
        registry: metrics.registry,
        queues: queueList(queues),
        onStalled: () => void lifecycle.shutdown('watchdog').then(() => process.exit(1)),
        tracing,
      });
      // Stopping waits for the jobs in flight (bounded by the shutdown deadline).
      return () => {
        schedules.stop();
        return running.close();
      };
    },
  })
  .add({
    name: 'outbox-relay',
    dependsOn: ['queues'],
    async start() {
      await relay.start();
      return () => relay.stop();
    },
  })
  .add({
    // Valkey lost its data (or is new): the schedules and the jobs of what the outbox recorded
    // are queued again (shared/src/valkey/epoch.ts).
    name: 'valkey-epoch',
    dependsOn: ['outbox-relay'],
    start() {
      const watch = watchValkeyEpoch({
        valkey: command,
        instance,
        logger,
        async recover(_epoch, step) {
          await step('schedules', () => schedules.declareAll());
          for (const recovery of parts.flatMap((part) => part.recoveries ?? [])) {
            const jobs = await recovery.run(step);
            logger.info(
              { recovery: recovery.name, jobs },
              'queued again after valkey lost its data',
            );
          }
          await redriveOutbox({ database, effects, logger, step });
        },
      });
      return () => watch.stop();
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
