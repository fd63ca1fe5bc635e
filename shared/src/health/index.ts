export { fleetReleases, fleetRuns } from './fleet';
export {
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_STALE_MS,
  type Heartbeat,
  readHeartbeats,
  startHeartbeat,
} from './heartbeat';
export {
  type CheckResult,
  createHealthRegistry,
  type HealthCheck,
  type HealthRegistry,
  type HealthReport,
  type HealthSummary,
  type ReadinessReport,
  type ServiceIdentity,
} from './registry';
export { healthRoutes, type PublicRequest } from './routes';
