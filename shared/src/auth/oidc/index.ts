export {
  createOidcClient,
  type OidcClient,
  oidcRejected,
  type ProviderCredentials,
  providerUnreachable,
  type VerifiedIdentity,
} from './client';
export { newClientKey } from './client-keys';
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
export {
  endLinksNotMadeByHolder,
  endLinksOfProvider,
  identitiesOf,
  type LinkedBy,
  type LinkedIdentity,
  linkIdentity,
  MAX_IDENTITIES,
  managedBy,
  unlinkIdentity,
  userOfIdentity,
} from './identities';
export {
  type FirstSignIn,
  type FirstSignInRefusal,
  firstSignIn,
  joinsOnSignIn,
  providerCheckedSecondFactor,
  reachOfSignIn,
  type SignInProvider,
  secondFactorAsked,
  VOUCHED_DOMAIN,
  vouchesFor,
} from './policy';
