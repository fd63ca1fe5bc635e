/**
 * The platform's config groups, one file per concern's group (the webhooks' and OpenID's live in
 * their own concerns, beside the code their rules use); each is named by its concern's module,
 * and `platform/config.ts` lists them all.
 * Services pick the groups they need: `loadConfig({ app: appConfig, db: dbConfig })`; a product
 * declares its own groups in its catalogue (`defineProduct({ config })`). `.env.example` and the
 * configuration table document the variables of both layers (tests keep them in sync).
 */
export { appConfig } from './app';
export { auditConfig } from './audit';
export { authConfig } from './auth';
export { dbConfig } from './db';
export { encryptionConfig } from './encryption';
export { featuresConfig } from './features';
export { httpConfig } from './http';
export { lifecycleConfig } from './lifecycle';
export { logConfig } from './log';
export { mailConfig } from './mail';
export { monitoringConfig } from './monitoring';
export { platformConfig } from './operators';
export { rateLimitConfig } from './rate-limit';
export { realtimeConfig } from './realtime';
export { smtpIngressConfig } from './smtp-ingress';
export { storageConfig } from './storage';
export { valkeyConfig } from './valkey';
export { workerConfig } from './worker';
export { wsRoutingConfig } from './ws-routing';
