import type { Context } from 'hono';
import type { AccessTokens, SessionGuard } from '../auth';
import type { Cache } from '../cache';
import type { Database, Executor } from '../db';
import type { Features } from '../features';
import type { Network } from '../net';
import type { Storage } from '../storage';
import type { Memberships, OrgScope } from '../tenancy';
import type { ApiEnv } from './env';
import type { RateLimits } from './middleware/rate-limit';

/**
 * What any route may use — the platform's and a product's — built once by the api's main.ts and
 * handed down (the api's own routes get more: services/api/src/deps.ts).
 */
export interface RouteDeps {
  readonly database: Database;
  readonly memberships: Memberships;
  /** Read-through cache (memoize, tags) for what many requests read and few change. */
  readonly cache: Cache;
  readonly accessTokens: AccessTokens;
  /** Ends sessions (password change, reset, log out everywhere) and refuses their tokens. */
  readonly sessionGuard: SessionGuard;
  readonly features: Features;
  readonly limits: RateLimits;
  /** The header that carries the client's address behind a proxy (undefined: the peer's). */
  readonly clientIpHeader: string | undefined;
  readonly storage: Storage;
  readonly files: {
    /** Where uploads are written while they arrive (`tmp/` below it). */
    readonly dir: string;
    readonly uploadLimitBytes: number;
    readonly urlTtlSeconds: number;
  };
  /**
   * What a URL an organization enters (a webhook, a calendar feed) may name, told without
   * resolving it (`registrationProblem`): the SSRF guard's networks and ports (WEBHOOK_ALLOWED_*).
   */
  readonly urlGuard: {
    readonly allowedNetworks: readonly Network[];
    readonly allowedPorts: readonly number[];
  };
}

/** Where a handler's queries run: the request's idempotency transaction, or the pool. */
export function executor(c: Context<ApiEnv>, deps: Pick<RouteDeps, 'database'>): Executor {
  return c.get('tx') ?? deps.database.db;
}

/**
 * Where a read that tolerates lag runs (opted into per call site: lists, search, analytics): the
 * request's idempotency transaction if it has one, otherwise a read replica, or the primary
 * when no replica is usable. Reads that must see a write just made use `executor`.
 */
export function readLagging<T>(
  c: Context<ApiEnv>,
  deps: Pick<RouteDeps, 'database'>,
  read: (db: Executor) => Promise<T>,
): Promise<T> {
  const tx = c.get('tx');
  return tx ? read(tx) : deps.database.readReplica(read);
}

/** The membership proof `orgAccess` established for this request. */
export function scopeOf(c: Context<ApiEnv>): OrgScope {
  return c.get('scope');
}
