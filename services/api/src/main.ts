import { dbConfig, httpConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createDatabase, runMigrations } from '@insightdesk/shared/db';
import { readHeartbeats, startHeartbeat } from '@insightdesk/shared/health';
import { createServiceKit, httpServerStep, run } from '@insightdesk/shared/service';
import { closeValkey, createValkey, pingValkey, waitReady } from '@insightdesk/shared/valkey';
import { createApiApp } from './app';

// Composition root of the api: builds every dependency and hands it down explicitly.
const kit = createServiceKit('api', { http: httpConfig, db: dbConfig, valkey: valkeyConfig });
const { config, logger, lifecycle, health, instance } = kit;

const database = createDatabase({ ...config.db, applicationName: instance, logger });
const valkey = createValkey({
  url: config.valkey.url,
  name: `${instance}:command`,
  role: 'command',
  logger,
});

lifecycle
  .add({
    name: 'postgres',
    async start() {
      if (config.db.migrateOnStart) await runMigrations(database, logger);
      else await database.ping();
      return () => database.close();
    },
  })
  .add({
    name: 'valkey',
    async start() {
      // Not fatal: the api serves what does not need Valkey, and readiness reports it.
      if (!(await waitReady(valkey, 3000))) logger.warn('valkey not reachable yet, continuing');
      return () => closeValkey(valkey);
    },
  })
  .add({
    name: 'heartbeat',
    dependsOn: ['valkey'],
    start: () => startHeartbeat({ valkey, service: 'api', instance, logger }),
  });

health.addCheck({ name: 'postgres', critical: true, check: () => database.ping() });
health.addCheck({ name: 'valkey', critical: true, check: () => pingValkey(valkey) });
health.addSection('instances', async () => {
  const [api, ws, worker] = await Promise.all(
    (['api', 'ws', 'worker'] as const).map((service) => readHeartbeats(valkey, service)),
  );
  return { value: { api, ws, worker }, degraded: ws?.length === 0 || worker?.length === 0 };
});

const app = createApiApp({ kit, database, valkey, http: config.http });
lifecycle.add(
  httpServerStep({
    host: config.http.host,
    port: config.http.port,
    fetch: app.fetch,
    maxRequestBodySize: config.http.uploadLimitBytes + 64 * 1024,
    dependsOn: ['postgres', 'valkey'],
  }),
);

await run(kit);
