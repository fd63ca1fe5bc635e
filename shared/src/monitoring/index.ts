export { createMetrics, type Metrics, metricsRoutes } from './metrics';
export { installProcessHandlers } from './process-handlers';
export { createErrorReporter, type ErrorReporter } from './sentry';
