export { auditedBy, auditRequest } from './audit';
export { executor, type RouteDeps, readLagging, scopeOf } from './context';
export type { ApiEnv } from './env';
export { accountAccess, requireAccountReach } from './middleware/account-access';
export { bearerToken } from './middleware/authenticate';
export { jsonBodyLimit, serverBodyCeiling, uploadBodyLimit } from './middleware/body-limit';
export {
  type EdgeHeadersOptions,
  edgeHeaders,
  STRICT_TRANSPORT_SECURITY,
} from './middleware/edge-headers';
export { featureDisabled, requireFeature } from './middleware/feature';
export { idempotency, idempotent, requestHash } from './middleware/idempotency';
export { orgAccess } from './middleware/org-access';
export { BUDGET_WINDOWS, createRateLimits, type RateLimits } from './middleware/rate-limit';
export { signedIn } from './middleware/signed-in';
export {
  createUserBudget,
  type UserBudget,
  type UserBudgetOptions,
  userBudgetOptions,
} from './middleware/user-budget';
export {
  bearer,
  budgeted,
  budgetedRoute,
  createRouter,
  idParam,
  json,
  jsonBody,
  orgParams,
  page,
  pageQuery,
  problemSchema,
  problems,
  protectedRoute,
  route,
} from './openapi';
export { type ReachedOrganizations, reachedOrganizations } from './reached-organizations';
export { checkedFile, type ReceivedFile, receiveUpload } from './uploads';
