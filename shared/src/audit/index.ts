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
  type AuditEntry,
  type AuditFilter,
  type AuditRequest,
  type AuditTrail,
  auditChains,
  auditRetentionPurge,
  type ChainVerification,
  listAccountAuditLog,
  listAuditLog,
  listChainForOperators,
  pruneAuditLog,
  readAuditTrail,
  recordAudit,
  verifyChain,
} from './log';
