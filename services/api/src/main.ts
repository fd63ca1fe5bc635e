import { createRateLimits, serverBodyCeiling } from '@insightdesk/shared/api';
import { auditRetentionSetting } from '@insightdesk/shared/audit';
import {
  createAccessTokens,
  createLoginChallenges,
  createPasswordHasher,
  createSessionGuard,
  createSessions,
} from '@insightdesk/shared/auth';
import { createCache } from '@insightdesk/shared/cache';
import { featuresConfig } from '@insightdesk/shared/config';
import { createDatabase, migrateAsOwner, whenAvailable } from '@insightdesk/shared/db';
import { createCipher } from '@insightdesk/shared/encryption';
import { createFeatures, featuresStep } from '@insightdesk/shared/features';
import { readHeartbeats, startHeartbeat } from '@insightdesk/shared/health';
import { parseNetworks } from '@insightdesk/shared/net';
import { deploymentCatalog } from '@insightdesk/shared/product';
import { openQueues, queueList, registerQueueMetrics } from '@insightdesk/shared/queues';
import { createServiceKit, httpServerStep, run } from '@insightdesk/shared/service';
import { createStorage, purgeScratch, scratchDir } from '@insightdesk/shared/storage';
import { databaseMemberships } from '@insightdesk/shared/tenancy';
import {
  closeValkey,
  createValkey,
  createValkeyStores,
  pingValkey,
  registerEpochMetrics,
  waitReady,
} from '@insightdesk/shared/valkey';
import { createApiApp } from './app';
import { apiGroups } from './deps';
import { createLoginThrottle } from './login-throttle';
import { ssoDeps, webhooksDeps } from './modules';
import { product } from './product';
import { createSecondFactorThrottle } from './second-factor-throttle';
import { createTrustedClients } from './trusted-clients';

// Composition root of the api: builds every dependency and hands it down explicitly, to the
// platform's routes and its product's.
// The platform's declarations and the product's, merged (a name declared twice stops it here).
const catalog = deploymentCatalog(product.catalog);
const kit = createServiceKit(
  'api',
  { ...apiGroups, features: featuresConfig(catalog.features) },
  catalog.config,
);
const { config, logger, lifecycle, health, instance } = kit;

const database = createDatabase({
  ...config.db,
  applicationName: instance,
  logger,
  registry: kit.metrics.registry,
  // A slow statement's log line names the request that ran it.
  currentRequest: kit.requestScope.current,
});
// Commands to each store (valkeyConfig): one client when both stores share a server.
const command = createValkeyStores(config.valkey, {
  name: `${instance}:command`,
  kind: 'command',
  logger,
});
const valkey = command.cache;
// Receives cache invalidations from every instance (a subscriber connection can do nothing else).
const invalidations = createValkey({
  url: config.valkey.cacheUrl,
  name: `${instance}:invalidations`,
  kind: 'subscriber',
  logger,
});
const cache = createCache(valkey, logger, {
  near: { subscriber: invalidations, ttlMs: 10_000, maxEntries: 100_000 },
  registry: kit.metrics.registry,
});
// Queue handles for the dashboard and /health (the api produces no jobs: the outbox does).
const queueConnection = createValkey({
  url: config.valkey.queueUrl,
  name: `${instance}:queues`,
  kind: 'blocking',
  logger,
});
const queues = queueList(openQueues(queueConnection, catalog.queues));
// Their depth and oldest job's age, and the queue store's epoch, on /metrics: still there when
// every worker is gone.
registerQueueMetrics(kit.metrics.registry, queues, queueConnection);
registerEpochMetrics(kit.metrics.registry, command.queue);
const { storage, local } = await createStorage(config.storage, config.app.publicUrl);
const accessTokens = createAccessTokens({
  keys: config.auth.signingKeys,
  ttlSeconds: config.auth.accessTokenTtlSeconds,
});

const limits = createRateLimits(valkey, config.rateLimit, logger, kit.metrics.registry);
const [signingKey] = config.auth.signingKeys;
if (!signingKey) throw new Error('JWT_KEYS has no key'); // the config schema requires one
const features = createFeatures({
  db: database.db,
  flags: catalog.features,
  defaults: config.features,
  subscriber: invalidations,
  publisher: valkey,
  logger,
});
// Devices and addresses the owner of an account signed in from (login and second-factor budgets).
const trusted = createTrustedClients({ valkey, secret: signingKey.secret, logger });
const sessionGuard = createSessionGuard({ db: database.db, cache, publisher: command.queue });
const app = createApiApp(
  kit,
  {
    database,
    memberships: databaseMemberships(database.db, cache, catalog.roles, (orgId) =>
      features.isEnabled('oauth', orgId),
    ),
    cache,
    passwords: createPasswordHasher(config.auth.password),
    accessTokens,
    sessions: createSessions({
      database,
      accessTokens,
      refreshTtlDays: config.auth.refreshTokenTtlDays,
      maxAgeDays: config.auth.sessionMaxAgeDays,
      announce: sessionGuard.announce,
    }),
    sessionGuard,
    cipher: createCipher(config.encryption.keys),
    loginChallenges: createLoginChallenges(signingKey.secret),
    features,
    limits,
    loginThrottle: createLoginThrottle({ limits, trusted }),
    secondFactorThrottle: createSecondFactorThrottle({ limits, trusted }),
    invitations: { secret: config.auth.invitationSecret, ttlHours: config.auth.invitationTtlHours },
    clientIpHeader: config.http.clientIpHeader,
    urlGuard: {
      allowedNetworks: parseNetworks(config.webhooks.allowedNetworks),
      allowedPorts: config.webhooks.allowedPorts,
    },
    storage,
    localFiles: local,
    fileMeta: product.fileMeta,
    membershipEnded: product.membershipEnded,
    files: {
      dir: config.storage.dir,
      uploadLimitBytes: config.http.uploadLimitBytes,
      urlTtlSeconds: config.storage.urlTtlSeconds,
    },
    queues,
    platformAdmins: config.platform.admins,
    webhooks: webhooksDeps(config, catalog.events),
    oidc: ssoDeps(config, valkey, logger),
  },
  { ...config.http, demo: !config.app.isStrict },
  product,
  kit.productConfig,
);

lifecycle
  .add({
    name: 'postgres',
    async start() {
      // A start during a failover (no primary yet, or one still read-only) waits for the new
      // primary, rather than exiting to be started again and again.
      await whenAvailable(
        async () => {
          if (config.db.migrateOnStart) {
            const owner = (url: string) =>
              createDatabase({ url, poolMax: 2, applicationName: `${instance}:migrate`, logger });
            await migrateAsOwner(config.db, database, owner, logger, catalog.migrations, [
              auditRetentionSetting(config.audit.retentionDays),
            ]);
          } else await database.ping();
        },
        { what: 'start', logger },
      );
      return () => database.close();
    },
  })
  .add({
    name: 'valkey',
    async start() {
      // Not fatal: the api serves what does not need Valkey, and readiness reports it.
      const ready = await Promise.all(command.clients.map((c) => waitReady(c, 3000)));
      if (ready.includes(false)) logger.warn('valkey not reachable yet, continuing');
      return async () => {
        // The last few milliseconds of admissions, counted here only until now.
        await limits.perUser.flush();
        await Promise.all(queues.map((q) => q.close()));
        await Promise.all([...command.clients, invalidations, queueConnection].map(closeValkey));
      };
    },
  })
  .add({
    // Uploads a killed instance left behind, a day old (the worker's purge reaches them only
    // where the api and the workers share STORAGE_DIR).
    name: 'scratch',
    async start() {
      const removed = await purgeScratch(scratchDir(config.storage.dir));
      if (removed > 0) logger.info({ removed }, 'scratch files a killed instance left removed');
    },
  })
  .add({
    name: 'heartbeat',
    dependsOn: ['valkey'],
    start: () => startHeartbeat({ valkey: command.queue, service: 'api', instance, logger }),
  })
  .add(featuresStep(features))
  .add(
    httpServerStep({
      host: config.http.host,
      port: config.http.port,
      fetch: app.fetch,
      maxRequestBodySize: serverBodyCeiling(config.http.uploadLimitBytes),
      dependsOn: ['postgres', 'valkey', 'features'],
    }),
  );

health.addCheck({ name: 'postgres', critical: true, check: () => database.ping() });
// A standby behind DATABASE_URL (a failover's last moments, or an address left on a demoted
// primary): writes answer 503, reads go on — degraded, still ready, never restarted for it.
health.addCheck({ name: 'postgres-primary', critical: false, check: () => database.writable() });
health.addCheck({
  name: 'valkey',
  critical: true,
  check: async () => {
    await Promise.all(command.clients.map(pingValkey));
  },
});
health.addSection('instances', async () => {
  const [api, ws, worker] = await Promise.all(
    (['api', 'ws', 'worker'] as const).map((service) => readHeartbeats(command.queue, service)),
  );
  return { value: { api, ws, worker }, degraded: ws?.length === 0 || worker?.length === 0 };
});
if (config.db.replicaUrls.length > 0) {
  // A replica that is down or lagging only moves its reads to the primary: degraded, still ready.
  health.addSection('replicas', async () => {
    const replicas = database.replicas();
    return { value: replicas, degraded: replicas.some((r) => r.state !== 'ok') };
  });
}
health.addSection('queues', async () => {
  const depths = await Promise.all(
    queues.map(
      async ({ queue }) =>
        [queue.name, await queue.getJobCounts('wait', 'active', 'delayed', 'failed')] as const,
    ),
  );
  return { value: Object.fromEntries(depths) };
});

await run(kit);
