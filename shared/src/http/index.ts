export { chainer, type RouteEntry } from './chain';
export {
  addressBucket,
  clientAddress,
  clientNetwork,
  type PeerLookup,
} from './client-address';
export { type BaseEnv, instrument, requestLogger } from './instrument';
export { installProblemHandlers, problemResponse } from './problems';
export { createRequestScope, type RequestScope } from './request-scope';
export { CompiledRouter } from './router';
