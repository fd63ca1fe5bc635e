export { createErrorReporter, type ErrorReporter } from './error-reporter';
export { createMetrics, type Metrics, metricsRoutes } from './metrics';
export { installProcessHandlers } from './process-handlers';
