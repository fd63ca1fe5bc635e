import type { Server } from 'bun';
import type { AccessTokenClaims } from '../auth';
import type { Executor } from '../db';
import type { BaseEnv } from '../http';
import type { OrgScope } from '../tenancy';

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
