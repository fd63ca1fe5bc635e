import { oidcConfig } from '../auth/oidc/config';
import {
  appConfig,
  auditConfig,
  authConfig,
  dbConfig,
  encryptionConfig,
  featuresConfig,
  httpConfig,
  lifecycleConfig,
  logConfig,
  mailConfig,
  monitoringConfig,
  platformConfig,
  rateLimitConfig,
  realtimeConfig,
  smtpIngressConfig,
  storageConfig,
  valkeyConfig,
  workerConfig,
  wsRoutingConfig,
} from '../config/groups';
import { platformFeatures } from '../features/catalog';
import { webhookConfig } from '../webhooks/config';

/**
 * Every config group of the platform, for documentation (.env.example, the table), the check of
 * a product's groups against them, and their tests. The order is the docs'.
 */
export const platformConfigGroups = {
  app: appConfig,
  log: logConfig,
  http: httpConfig,
  lifecycle: lifecycleConfig,
  db: dbConfig,
  valkey: valkeyConfig,
  monitoring: monitoringConfig,
  auth: authConfig,
  encryption: encryptionConfig,
  features: featuresConfig(platformFeatures),
  rateLimit: rateLimitConfig,
  realtime: realtimeConfig,
  wsRouting: wsRoutingConfig,
  mail: mailConfig,
  smtpIngress: smtpIngressConfig,
  storage: storageConfig,
  worker: workerConfig,
  platform: platformConfig,
  webhooks: webhookConfig,
  oidc: oidcConfig,
  audit: auditConfig,
} as const;
