import { hostname } from 'node:os';
import {
  appConfig,
  ConfigError,
  type ConfigGroups,
  type ConfigOf,
  lifecycleConfig,
  loadConfig,
  logConfig,
  monitoringConfig,
  redactedSummary,
} from '../config';
import { createHealthRegistry, type HealthRegistry } from '../health';
import { createLifecycle, type Lifecycle } from '../lifecycle';
import { createLogger, flushLogger, type Logger } from '../logger';
import {
  createErrorReporter,
  createMetrics,
  type ErrorReporter,
  installProcessHandlers,
  type Metrics,
} from '../monitoring';

export type ServiceName = 'api' | 'ws' | 'worker';

const baseGroups = {
  app: appConfig,
  log: logConfig,
  lifecycle: lifecycleConfig,
  monitoring: monitoringConfig,
};

export interface ServiceKit<G extends ConfigGroups> {
  readonly service: ServiceName;
  readonly instance: string;
  readonly config: ConfigOf<typeof baseGroups & G>;
  readonly logger: Logger;
  readonly reporter: ErrorReporter;
  readonly lifecycle: Lifecycle;
  readonly health: HealthRegistry;
  readonly metrics: Metrics;
}

/**
 * What every service builds first: validated config (exit 1 with every problem listed),
 * logger, error reporter, lifecycle with signal handling, health registry and metrics.
 * Called from each service's main.ts, which then composes its own dependencies.
 */
export function createServiceKit<G extends ConfigGroups>(
  service: ServiceName,
  groups: G,
): ServiceKit<G> {
  const allGroups = { ...baseGroups, ...groups };
  let config: ConfigOf<typeof baseGroups & G>;
  try {
    config = loadConfig(allGroups);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`${service}: ${err.message}`);
    process.exit(1);
  }
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
  const health = createHealthRegistry({ service, instance });
  lifecycle.onDrain(() => health.setDraining());
  lifecycle.handleSignals();
  installProcessHandlers({ logger, reporter, shutdown: (reason) => lifecycle.shutdown(reason) });
  // Stopped last: whatever the shutdown logged, and every error it reported, goes out.
  lifecycle.add({ name: 'logger', start: () => () => flushLogger(logger) });
  lifecycle.add({
    name: 'error-reporter',
    dependsOn: ['logger'],
    start: () => () => reporter.flush(),
  });
  logger.info({ config: redactedSummary(allGroups) }, 'configuration loaded');
  return {
    service,
    instance,
    config,
    logger,
    reporter,
    lifecycle,
    health,
    metrics: createMetrics({ service, instance }),
  };
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
