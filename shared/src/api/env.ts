import type { AccessTokenClaims } from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import type { BaseEnv } from '@insightdesk/shared/http';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import type { Server } from 'bun';

/** Hono environment of the api: the shared request variables plus the api's own. */
export type ApiEnv = {
  Bindings: Server<undefined>;
  Variables: BaseEnv['Variables'] & {
    /** Set by `authenticate`. */
    userId: string;
    /** Set by `authenticate`: the access token's claims (its session, for "keep this one"). */
    claims: AccessTokenClaims;
    /** Set by `orgAccess`: the proof of membership every org-scoped query needs. */
    scope: OrgScope;
    /** Set by `idempotency` for a POST with an Idempotency-Key: the request's transaction. */
    tx?: Executor;
  };
};
