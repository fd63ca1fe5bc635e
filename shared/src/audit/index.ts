export {
  ACTOR_TYPES,
  type ActorType,
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditRecord,
  auditActions,
  auditEntrySchema,
  auditEventTypes,
} from './actions';
export { canonicalJson, chainHash, GENESIS_HASH } from './canonical';
export {
  CHAIN_LINK_PATTERN,
  type ChainLink,
  formatChainLink,
  parseChainLink,
  type SavedHeadStatus,
} from './head';
export {
  type AuditEntry,
  type AuditFilter,
  type AuditRequest,
  type AuditRow,
  type AuditTrail,
  auditChains,
  auditRetentionPurge,
  type ChainVerification,
  canonicalRow,
  listAccountAuditLog,
  listAuditLog,
  listChainForOperators,
  pruneAuditLog,
  readAuditTrail,
  recordAudit,
  verifyChain,
} from './log';
export { auditRetentionSetting } from './retention';
