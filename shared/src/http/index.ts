export { chainer } from './chain';
export {
  addressBucket,
  clientAddress,
  clientNetwork,
  type PeerLookup,
} from './client-address';
export type { RouteEntry } from './hono-internals';
export { type BaseEnv, instrument, requestLogger } from './instrument';
export { installProblemHandlers, problemResponse } from './problems';
export { createRequestScope, type RequestScope } from './request-scope';
export { CompiledRouter } from './router';
