export {
  createOidcClient,
  type OidcClient,
  oidcRejected,
  type ProviderCredentials,
  providerUnreachable,
  type VerifiedIdentity,
} from './client';
export {
  CODE_TTL_SECONDS,
  type CodeOutcome,
  createOidcFlows,
  FLOW_TTL_SECONDS,
  LINK_TICKET_TTL_SECONDS,
  type OidcFlows,
  type PendingFlow,
  type PendingLink,
  type SignedInByProvider,
} from './flows';
export { hasIdentityAt, linkIdentity, userOfIdentity } from './identities';
export {
  providerCheckedSecondFactor,
  type SignInProvider,
  VOUCHED_DOMAIN,
  vouchesFor,
} from './policy';
