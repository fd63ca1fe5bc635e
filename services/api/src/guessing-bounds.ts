import { BUDGET_WINDOWS } from '@insightdesk/shared/api';
import type { ConfigOf, rateLimitConfig } from '@insightdesk/shared/config';

type Budgets = ConfigOf<{ rateLimit: typeof rateLimitConfig }>['rateLimit'];

const perHour = (points: number, windowSeconds: number) => points * (3600 / windowSeconds);

/**
 * How many guesses an attacker gets at one account per hour, sustained, from `addresses`
 * addresses (budget buckets: IPv4 addresses or IPv6 /64s), none of which the owner ever signed in
 * from, without a device token of the owner's. The figure of docs/security.md is made by this
 * function and tests/security/two-factor-throttle.test.ts checks it against the live limits.
 *
 * - password: each address gets its (account, address) budget (never more than its address
 *   budget) until the account-wide budget is spent, then one try per address while the slow
 *   allowance of new addresses lasts (login-throttle.ts);
 * - second factor (the password known): each address gets its (account, address) budget, all of
 *   them together the account's hourly ceiling (second-factor-throttle.ts).
 *
 * Fixed windows: a burst across a window's edge may add one window's worth once.
 */
export function guessesPerHour(budgets: Budgets, addresses: number) {
  const login = BUDGET_WINDOWS.login;
  const perAddressPassword = perHour(
    Math.min(budgets.loginPerAccountAndAddress, budgets.loginPerIp),
    login,
  );
  const passwordCeiling =
    perHour(budgets.loginPerAccount, login) +
    perHour(budgets.loginNewAddressesPerAccount, BUDGET_WINDOWS.loginNewAddresses);
  const perAddressCode = perHour(
    budgets.secondFactorPerUserAndAddress,
    BUDGET_WINDOWS.secondFactorPerUserAndAddress,
  );
  const codeCeiling = perHour(budgets.secondFactorPerUser, BUDGET_WINDOWS.secondFactorPerUser);
  return {
    password: Math.min(addresses * perAddressPassword, passwordCeiling),
    secondFactor: Math.min(addresses * perAddressCode, codeCeiling),
  };
}
