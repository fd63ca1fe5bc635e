import { authConfig, dbConfig, httpConfig, smtpIngressConfig } from '@insightdesk/shared/config';
import { createDatabase } from '@insightdesk/shared/db';
import { deploymentCatalog } from '@insightdesk/shared/product';
import { createBaseApp, createServiceKit, httpServerStep, run } from '@insightdesk/shared/service';
import { product } from './product';
import { createSmtpIngress } from './smtp';

// Composition root of the SMTP ingress: a service of its own, so that mail from the Internet
// scales and fails apart from the api and the worker. It needs only PostgreSQL: a mail is
// recorded (with the outbox event that sets off its processing) before its 250, and the worker's
// relay takes it from there. Its HTTP server answers health and metrics.
const catalog = deploymentCatalog(product.catalog);
const kit = createServiceKit(
  'inbound',
  { http: httpConfig, db: dbConfig, smtpIngress: smtpIngressConfig, auth: authConfig },
  catalog.config,
);
const { config, productConfig, logger, lifecycle, health, instance } = kit;

const database = createDatabase({
  ...config.db,
  poolMax: 10,
  replicaUrls: [],
  applicationName: instance,
  logger,
});
const parts = product.start({
  database,
  logger,
  config: productConfig,
  mailLinkSecret: config.auth.invitationSecret,
});
const ingress = createSmtpIngress(config.smtpIngress, parts, logger);

health.addCheck({ name: 'postgres', critical: true, check: () => database.ping() });

lifecycle
  .add({
    name: 'postgres',
    async start() {
      await database.ping();
      return () => database.close();
    },
  })
  .add({ name: 'smtp', dependsOn: ['postgres'], start: () => ingress.start() })
  .add(
    httpServerStep({
      host: config.http.host,
      port: config.http.port,
      fetch: createBaseApp(kit).fetch,
    }),
  );

await run(kit);
