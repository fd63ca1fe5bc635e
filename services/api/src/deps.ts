import type {
  AccessTokens,
  LoginChallenges,
  PasswordHasher,
  SessionGuard,
  Sessions,
} from '@insightdesk/shared/auth';
import type { Cache } from '@insightdesk/shared/cache';
import type { Database, Executor } from '@insightdesk/shared/db';
import type { Cipher } from '@insightdesk/shared/encryption';
import type { Features } from '@insightdesk/shared/features';
import type { QueueHandle } from '@insightdesk/shared/queues';
import type { LocalFiles, Storage } from '@insightdesk/shared/storage';
import type { Memberships, OrgScope } from '@insightdesk/shared/tenancy';
import type { Context } from 'hono';
import type { ApiEnv } from './env';
import type { LoginThrottle } from './login-throttle';
import type { RateLimits } from './middleware/rate-limit';
import type { SecondFactorThrottle } from './second-factor-throttle';

/** Everything the routes need, built once in main.ts and handed down. */
export interface ApiDeps {
  readonly database: Database;
  readonly memberships: Memberships;
  /** Read-through cache (memoize, tags) for what many requests read and few change. */
  readonly cache: Cache;
  readonly passwords: PasswordHasher;
  readonly accessTokens: AccessTokens;
  readonly sessions: Sessions;
  /** Ends sessions (password change, reset, log out everywhere) and refuses their tokens. */
  readonly sessionGuard: SessionGuard;
  /** Encryption of secrets at rest (TOTP secrets). */
  readonly cipher: Cipher;
  readonly loginChallenges: LoginChallenges;
  readonly features: Features;
  readonly limits: RateLimits;
  readonly loginThrottle: LoginThrottle;
  readonly secondFactorThrottle: SecondFactorThrottle;
  /** `secret` signs every mailed link: invitations, email verification, password reset. */
  readonly invitations: { readonly secret: string; readonly ttlHours: number };
  /** See `clientAddress` (budgets use `clientNetwork`). */
  readonly clientIpHeader: string | undefined;
  readonly storage: Storage;
  /** The local driver's URL verifier and paths (it is the api that serves those files). */
  readonly localFiles?: LocalFiles;
  readonly fileMeta: (key: string) => Promise<{ contentType: string; filename: string }>;
  readonly files: {
    readonly dir: string;
    readonly uploadLimitBytes: number;
    readonly urlTtlSeconds: number;
  };
  /** Producers' handles for the dashboard and the health report. */
  readonly queues: readonly QueueHandle[];
  readonly platformAdmins: readonly string[];
}

/** Where a handler's queries run: the request's idempotency transaction, or the pool. */
export function executor(c: Context<ApiEnv>, deps: Pick<ApiDeps, 'database'>): Executor {
  return c.get('tx') ?? deps.database.db;
}

/**
 * Where a read that tolerates lag runs (opted into per call site: lists, search, analytics): the
 * request's idempotency transaction if it has one, otherwise a read replica, or the primary
 * when no replica is usable. Reads that must see a write just made use `executor`.
 */
export function readLagging<T>(
  c: Context<ApiEnv>,
  deps: Pick<ApiDeps, 'database'>,
  read: (db: Executor) => Promise<T>,
): Promise<T> {
  const tx = c.get('tx');
  return tx ? read(tx) : deps.database.readReplica(read);
}

/** The membership proof `orgAccess` established for this request. */
export function scopeOf(c: Context<ApiEnv>): OrgScope {
  return c.get('scope');
}
