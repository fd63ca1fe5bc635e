export { type BaseEnv, requestContext, requestIdOf } from './context';
export { httpMetrics } from './metrics-middleware';
export { installProblemHandlers, problemResponse } from './problems';
