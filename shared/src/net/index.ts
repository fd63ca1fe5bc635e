export {
  classifyAddress,
  type Network,
  parseAddress,
  parseNetwork,
  parseNetworks,
} from './address';
export { type DnsResolver, systemResolver, txtRecordHolds } from './dns';
export { type GuardedGet, guardedGet } from './get';
export {
  type GuardPolicy,
  hostsFileResolver,
  registrationProblem,
  urlProblem,
  vetTarget,
} from './guard';
export { type GuardedOutcome, guardedFetch, guardedRequest, type RequestPolicy } from './request';
