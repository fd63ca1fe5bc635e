import { hostname } from 'node:os';
import {
  appConfig,
  ConfigError,
  type ConfigGroups,
  type ConfigOf,
  developmentSecretsInUse,
  lifecycleConfig,
  loadConfig,
  logConfig,
  monitoringConfig,
  redactedSummary,
} from '../config';
import { createHealthRegistry, type HealthRegistry, type PublicRequest } from '../health';
import { createRequestScope, type RequestScope } from '../http/request-scope';
import { createLifecycle, type Lifecycle } from '../lifecycle';
import { createLogger, flushLogger, type Logger } from '../logger';
import {
  createErrorReporter,
  createMetrics,
  type ErrorReporter,
  installProcessHandlers,
  type Metrics,
} from '../monitoring';
import { RELEASE_VERSION } from '../release/version';
import { createTracing, type Tracing } from '../tracing';

export type ServiceName = 'api' | 'ws' | 'worker' | 'inbound';

const baseGroups = {
  app: appConfig,
  log: logConfig,
  lifecycle: lifecycleConfig,
  monitoring: monitoringConfig,
};

// biome-ignore lint/complexity/noBannedTypes: no product groups
export interface ServiceKit<G extends ConfigGroups, P extends ConfigGroups = {}> {
  readonly service: ServiceName;
  readonly instance: string;
  readonly config: ConfigOf<typeof baseGroups & G>;
  /** The product's configuration (its declared groups, `deploymentCatalog(…).config`). */
  readonly productConfig: ConfigOf<P>;
  readonly logger: Logger;
  readonly reporter: ErrorReporter;
  readonly lifecycle: Lifecycle;
  readonly health: HealthRegistry;
  readonly metrics: Metrics;
  /** OpenTelemetry spans across the hops of a change (no-op without an OTLP endpoint). */
  readonly tracing: Tracing;
  /** A request that came through the public edge (it carries the edge's client-address header). */
  readonly isPublicRequest: PublicRequest;
  /**
   * The running request's id, for what logs it deep down (slow statements): on while
   * DB_SLOW_STATEMENT_MS is above 0.
   */
  readonly requestScope: RequestScope;
}

/**
 * What every service builds first: validated config (exit 1 with every problem listed),
 * logger, error reporter, lifecycle with signal handling, health registry and metrics.
 * Called from each service's main.ts, which then composes its own dependencies.
 */
// biome-ignore lint/complexity/noBannedTypes: no product groups
export function createServiceKit<G extends ConfigGroups, P extends ConfigGroups = {}>(
  service: ServiceName,
  groups: G,
  productGroups: P = {} as P,
): ServiceKit<G, P> {
  const allGroups = { ...baseGroups, ...groups };
  // Every problem of both layers at once.
  const problems: string[] = [];
  const load = <T extends ConfigGroups>(of: T): ConfigOf<T> | undefined => {
    try {
      return loadConfig(of);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const config = load(allGroups);
  const productConfig = load(productGroups);
  if (!config || !productConfig) {
    console.error(`${service}: ${new ConfigError(problems).message}`);
    process.exit(1);
  }
  const everyGroup = {
    ...allGroups,
    ...Object.fromEntries(Object.entries(productGroups).map(([name, g]) => [`product ${name}`, g])),
  };
  const instance = config.app.instanceId ?? `${service}-${hostname()}-${process.pid}`;
  const logger = createLogger({ service, instance, ...config.log });
  const reporter = createErrorReporter({
    dsn: config.monitoring.sentryDsn,
    environment: config.app.env,
    service,
    instance,
    tracesSampleRate: config.monitoring.tracesSampleRate,
  });
  const lifecycle = createLifecycle({ logger, ...config.lifecycle });
  const health = createHealthRegistry({ service, instance, version: RELEASE_VERSION });
  lifecycle.onDrain(() => health.setDraining());
  lifecycle.handleSignals();
  installProcessHandlers({ logger, reporter, shutdown: (reason) => lifecycle.shutdown(reason) });
  // Stopped last: whatever the shutdown logged, and every error it reported, goes out.
  lifecycle.add({ name: 'logger', start: () => () => flushLogger(logger) });
  lifecycle.add({
    name: 'error-reporter',
    dependsOn: ['logger'],
    async start() {
      await reporter.ready();
      return () => reporter.flush();
    },
  });
  const tracing = createTracing({
    endpoint: config.monitoring.otlpEndpoint,
    ratio: config.monitoring.traceRatio,
    service,
    instance,
  });
  // Stopped after everything that makes spans: the last batch is exported on the way out.
  lifecycle.add({
    name: 'tracing',
    dependsOn: ['logger'],
    async start() {
      await tracing.ready();
      return () => tracing.shutdown();
    },
  });
  logger.info({ config: redactedSummary(everyGroup) }, 'configuration loaded');
  warnIfExposedWithDevelopmentSecrets(everyGroup, config, logger);
  return {
    service,
    instance,
    config,
    productConfig,
    logger,
    reporter,
    lifecycle,
    health,
    metrics: createMetrics({ service, instance }),
    tracing,
    isPublicRequest: publicRequestTest(config),
    requestScope: createRequestScope(slowStatementsLogged(config)),
  };
}

/** Whether the service logs slow statements (its database group's DB_SLOW_STATEMENT_MS > 0). */
const slowStatementsLogged = (config: object) =>
  ((config as { db?: { slowStatementMs?: number } }).db?.slowStatementMs ?? 0) > 0;

/**
 * The edge (nginx, Fly's proxy, an ingress) writes CLIENT_IP_HEADER on every request it passes
 * on, and nothing else reaches a service's port but probes, scrapers and the private network: a
 * request with that header is the public's. With CLIENT_IP_HEADER=none there is no edge to tell
 * by, and every request is treated as internal.
 */
function publicRequestTest(config: {
  app: object;
  http?: { clientIpHeader?: string };
}): PublicRequest {
  const header = config.http?.clientIpHeader;
  return header ? (request) => request.headers.has(header) : () => false;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * NODE_ENV defaults to development, so a process started without it (a VM, a platform running
 * `bun` directly) uses the public development secrets: anyone can mint its tokens. Harmless on
 * loopback; said loudly when the listener is reachable from elsewhere.
 */
function warnIfExposedWithDevelopmentSecrets(
  groups: ConfigGroups,
  config: { app: { env: string }; http?: { host: string } },
  logger: Logger,
) {
  if (config.app.env !== 'development' || !config.http) return;
  if (LOOPBACK.test(config.http.host)) return;
  const secrets = developmentSecretsInUse(groups);
  if (secrets.length === 0) return;
  logger.warn(
    { host: config.http.host, secrets },
    `DANGER: NODE_ENV=development with the public development secrets (${secrets.join(', ')}) on a non-loopback address (HOST=${config.http.host}): anyone who can reach it can forge tokens. Set NODE_ENV=production and real secrets, or HOST=127.0.0.1.`,
  );
}

/** Runs the lifecycle; a failed start exits 1 after stopping what had started. */
export async function run(kit: ServiceKit<ConfigGroups>): Promise<void> {
  try {
    await kit.lifecycle.start();
    kit.logger.info('ready');
  } catch {
    await kit.reporter.flush();
    process.exit(1);
  }
}
