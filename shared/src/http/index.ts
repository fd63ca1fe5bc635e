export { type BaseEnv, instrument, requestLogger } from './instrument';
export { installProblemHandlers, problemResponse } from './problems';
