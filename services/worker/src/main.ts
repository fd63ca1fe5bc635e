import { httpConfig, valkeyConfig } from '@insightdesk/shared/config';
import { startHeartbeat } from '@insightdesk/shared/health';
import { createBaseApp, createServiceKit, httpServerStep, run } from '@insightdesk/shared/service';
import { closeValkey, createValkey, pingValkey, waitReady } from '@insightdesk/shared/valkey';

// Composition root of the worker. Its HTTP server only answers health and metrics.
const kit = createServiceKit('worker', { http: httpConfig, valkey: valkeyConfig });
const { config, logger, lifecycle, health, instance } = kit;

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

health.addCheck({ name: 'valkey', critical: true, check: () => pingValkey(command) });

const app = createBaseApp(kit);

lifecycle
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
  .add(httpServerStep({ host: config.http.host, port: config.http.port, fetch: app.fetch }));

await run(kit);
