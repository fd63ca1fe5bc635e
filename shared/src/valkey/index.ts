export {
  type ConnectionKind,
  closeValkey,
  createValkey,
  createValkeyStores,
  pingValkey,
  type Redis,
  type ValkeyOptions,
  type ValkeyStores,
  type ValkeyStoreUrls,
  waitReady,
} from './client';
export {
  EPOCH_KEY,
  type EpochWatch,
  type RecoveryStep,
  RecoveryStepTimeout,
  valkeyGeneration,
  watchValkeyEpoch,
} from './epoch';
export { registerEpochMetrics } from './epoch-metrics';
export {
  ReplicationShortfall,
  type ReplicationWait,
  replicasToWait,
  replicationWait,
} from './replication';
export { requeueFromTable } from './requeue';
export { type LuaScript, luaScript, runScript } from './scripts';
export { type ChannelListener, type Subscription, subscribe } from './subscription';
export { isClusterUrl, parseValkeyUrl } from './url';
