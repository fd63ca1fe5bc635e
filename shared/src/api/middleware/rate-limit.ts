import type { Context } from 'hono';
import { Counter, type Registry } from 'prom-client';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { type Awaitable, andThen } from '../../async';
import type { ConfigOf, rateLimitConfig } from '../../config';
import { RateLimitedError } from '../../errors';
import type { Logger } from '../../logger';
import type { Redis } from '../../valkey';
import type { ApiEnv } from '../env';
import { createUserBudget, type UserBudget, userBudgetOptions } from './user-budget';

const DAY = 24 * 3600;

/** The windows of the budgets, in seconds (the README's guessing figures are made of them). */
export const BUDGET_WINDOWS = {
  login: 15 * 60,
  loginNewAddresses: 3600,
  secondFactorPerUserAndAddress: 15 * 60,
  secondFactorPerUser: 3600,
  /** At least a login challenge's lifetime (5 minutes). */
  secondFactorPerChallenge: 10 * 60,
  credentialChecks: 15 * 60,
} as const;

interface Limit {
  /** The budget's name (its keys' prefix, and its label on `rate_limit_refusals_total`). */
  readonly name: string;
  readonly limiter: RateLimiterRedis;
  readonly points: number;
  readonly windowSeconds: number;
}

export interface RateLimits {
  readonly loginPerIp: Limit;
  /** Failed logins of one account from one address (the user's own lockout is per address). */
  readonly loginPerAccountAndAddress: Limit;
  /** Failed logins of one account from anywhere (distributed guessing); see login-throttle.ts. */
  readonly loginPerAccount: Limit;
  /** Past `loginPerAccount`: guesses from addresses that have not failed yet (login-throttle.ts). */
  readonly loginNewAddresses: Limit;
  /** Codes one login challenge takes (second-factor-throttle.ts). */
  readonly secondFactorPerChallenge: Limit;
  /** Second-factor codes of one account from one address. */
  readonly secondFactorPerUserAndAddress: Limit;
  /** Second-factor codes of one account from anywhere: the slow ceiling. */
  readonly secondFactorPerUser: Limit;
  readonly registerPerIp: Limit;
  /** Every signed-in request (user-budget.ts: counted in process, shared through Valkey). */
  readonly perUser: UserBudget;
  /** Re-authentication of a signed-in session: current password, two-factor codes. */
  readonly credentialChecks: Limit;
  /** Verification and reset emails per account (keyed by user id, or email when unknown). */
  readonly accountEmails: Limit;
  /** Tenant quotas: what one user or organization may create per day. */
  readonly orgsPerUser: Limit;
  /** Organizations created from one address (registrations included). */
  readonly orgsPerAddress: Limit;
  readonly invitationsPerOrg: Limit;
  readonly invitationsPerInviter: Limit;
  /**
   * Spends one point of `key`; 429 (with Retry-After and RateLimit-*) when none is left. Answers
   * the points spent in the window, this one included (undefined while failing open).
   */
  consume(c: Context<ApiEnv>, limit: Limit, key: string): Promise<number | undefined>;
  /** Spends one point without answering anything: false when none is left (work done quietly). */
  spend(limit: Limit, key: string): Promise<boolean>;
  /** Gives `points` back (a success refunds the attempt it was charged). */
  reward(limit: Limit, key: string, points?: number): Promise<void>;
  reset(limit: Limit, key: string): Promise<void>;
  /** Spends every point of `key` for the rest of its window (a login challenge used up). */
  exhaust(limit: Limit, key: string): Promise<void>;
}

/**
 * Budgets kept in Valkey by rate-limiter-flexible (fixed windows, atomic Lua). When Valkey is
 * unreachable the limiter fails open: the request goes through and one warning per outage is
 * logged, so the api keeps serving everything that does not need Valkey.
 */
export function createRateLimits(
  valkey: Redis,
  config: ConfigOf<{ rateLimit: typeof rateLimitConfig }>['rateLimit'],
  logger: Logger,
  /** Where `rate_limit_refusals_total{budget}` is counted: a spent budget, by its name. */
  registry?: Registry,
): RateLimits {
  // By budget name only (a fixed set): never the key, which names an account or an address.
  // A login budget refusing is a burst of failures from one address, on one account, or both
  // (deploy/monitoring: the security alerts).
  const refusals = new Counter({
    name: 'rate_limit_refusals_total',
    help: 'Requests refused because a budget was spent, by budget',
    labelNames: ['budget'],
    registers: registry ? [registry] : [],
  });
  const limit = (name: string, points: number, windowSeconds: number): Limit => {
    // From 0: the first refusal after a start is an increase (see http_problems_total).
    refusals.inc({ budget: name }, 0);
    return {
      name,
      limiter: new RateLimiterRedis({
        storeClient: valkey,
        keyPrefix: `insightdesk:rl:${name}`,
        points,
        duration: windowSeconds,
      }),
      points,
      windowSeconds,
    };
  };

  let failingOpen = false;
  const failOpen = (err: unknown) => {
    if (!failingOpen) logger.warn({ err }, 'rate limiting unavailable (Valkey), failing open');
    failingOpen = true;
  };

  const headers = (c: Context<ApiEnv>, l: Limit, res: RateLimiterRes) =>
    setRateLimitHeaders(c, l.points, res.remainingPoints, Math.ceil(res.msBeforeNext / 1000));
  const tooMany = (l: Limit, res: RateLimiterRes) =>
    new RateLimitedError(
      Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
      rateLimitHeaders(l.points, 0, Math.ceil(res.msBeforeNext / 1000)),
    );

  return {
    loginPerIp: limit('login-ip', config.loginPerIp, BUDGET_WINDOWS.login),
    loginPerAccountAndAddress: limit(
      'login-account-address',
      config.loginPerAccountAndAddress,
      BUDGET_WINDOWS.login,
    ),
    loginPerAccount: limit('login-account', config.loginPerAccount, BUDGET_WINDOWS.login),
    loginNewAddresses: limit(
      'login-new-addresses',
      config.loginNewAddressesPerAccount,
      BUDGET_WINDOWS.loginNewAddresses,
    ),
    secondFactorPerChallenge: limit(
      '2fa-challenge',
      config.secondFactorPerChallenge,
      BUDGET_WINDOWS.secondFactorPerChallenge,
    ),
    secondFactorPerUserAndAddress: limit(
      '2fa-user-address',
      config.secondFactorPerUserAndAddress,
      BUDGET_WINDOWS.secondFactorPerUserAndAddress,
    ),
    secondFactorPerUser: limit(
      '2fa-user',
      config.secondFactorPerUser,
      BUDGET_WINDOWS.secondFactorPerUser,
    ),
    registerPerIp: limit('register-ip', config.registerPerIp, 60 * 60),
    perUser: createUserBudget(valkey, userBudgetOptions(config.userPerMinute, 60), logger),
    credentialChecks: limit(
      'credential-checks',
      config.credentialChecksPerSession,
      BUDGET_WINDOWS.credentialChecks,
    ),
    accountEmails: limit('account-emails', config.accountEmailsPerHour, 3600),
    orgsPerUser: limit('quota-orgs', config.orgsPerUserPerDay, DAY),
    orgsPerAddress: limit('quota-orgs-address', config.orgsPerAddressPerDay, DAY),
    invitationsPerOrg: limit('quota-invitations-org', config.invitationsPerOrgPerDay, DAY),
    invitationsPerInviter: limit(
      'quota-invitations-inviter',
      config.invitationsPerInviterPerDay,
      DAY,
    ),

    async consume(c, l, key) {
      let res: RateLimiterRes;
      try {
        res = await l.limiter.consume(key);
        failingOpen = false;
      } catch (err) {
        if (err instanceof RateLimiterRes) {
          refusals.inc({ budget: l.name });
          throw tooMany(l, err);
        }
        failOpen(err);
        return undefined;
      }
      headers(c, l, res);
      return res.consumedPoints;
    },

    async spend(l, key) {
      try {
        await l.limiter.consume(key);
        return true;
      } catch (err) {
        if (err instanceof RateLimiterRes) {
          refusals.inc({ budget: l.name });
          return false;
        }
        failOpen(err);
        return true;
      }
    },

    async reward(l, key, points = 1) {
      try {
        await l.limiter.reward(key, points);
      } catch (err) {
        failOpen(err);
      }
    },

    async reset(l, key) {
      try {
        await l.limiter.delete(key);
      } catch (err) {
        failOpen(err);
      }
    },

    async exhaust(l, key) {
      try {
        await l.limiter.block(key, l.windowSeconds);
      } catch (err) {
        failOpen(err);
      }
    },
  };
}

/**
 * Spends one request of the signed-in user's API budget (after `authenticate`): 429 when none is
 * left; the answer carries the budget's `RateLimit-*` while it is shared through Valkey. At once
 * unless the budget must wait for a sync (user-budget.ts).
 */
export function spendUserBudget(c: Context<ApiEnv>, limits: RateLimits): Awaitable<void> {
  // Read per request, not when the routes are built: `bun run lint:api` builds them with inert
  // dependencies (tools/lint-api.ts).
  const budget = limits.perUser;
  return andThen(budget.admit(c.get('userId')), (admission) => {
    if (!admission.allowed) {
      const answer = rateLimitHeaders(budget.points, admission.remaining, admission.resetSeconds);
      throw new RateLimitedError(admission.resetSeconds, answer);
    }
    if (admission.shared)
      setRateLimitHeaders(c, budget.points, admission.remaining, admission.resetSeconds);
  });
}

/** The `RateLimit-*` headers of an answer that spent (or was refused) a budget of `points`. */
function rateLimitHeaders(
  points: number,
  remaining: number,
  resetSeconds: number,
): Record<string, string> {
  return {
    'RateLimit-Limit': String(points),
    'RateLimit-Remaining': String(Math.max(0, remaining)),
    'RateLimit-Reset': String(resetSeconds),
  };
}

/** Sets them on the answer being built (`for…in`: no list of entries made per request). */
function setRateLimitHeaders(
  c: Context<ApiEnv>,
  points: number,
  remaining: number,
  resetSeconds: number,
) {
  const headers = rateLimitHeaders(points, remaining, resetSeconds);
  for (const name in headers) c.header(name, headers[name]);
}
