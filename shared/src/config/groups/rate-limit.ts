import { defineConfigGroup } from '../define';
import { integer } from '../variables';

/**
 * Request budgets and tenant quotas (each answers 429 with Retry-After when spent). Per-address
 * and per-user budgets are generous outside production because
 * every local client (tests, benchmarks) shares 127.0.0.1 and a few accounts; the per-account
 * login and second-factor budgets are the same everywhere.
 */
export const rateLimitConfig = defineConfigGroup({
  env: {
    RATE_LIMIT_LOGIN_PER_ACCOUNT_AND_ADDRESS: integer(1)
      .default(5)
      .describe(
        'failed logins of one account from one client address per 15 minutes (then 429 for that pair)',
      ),
    RATE_LIMIT_LOGIN_PER_ACCOUNT: integer(1)
      .default(50)
      .describe(
        'failed logins of one account from all addresses per 15 minutes; past it only addresses and devices that logged in before, or have not failed, may try',
      ),
    RATE_LIMIT_LOGIN_PER_IP: integer(1)
      .default(50)
      .describe('login attempts per client address per 15 minutes'),
    RATE_LIMIT_REGISTER_PER_IP: integer(1)
      .default(20)
      .describe('registrations and invitation accepts per client address per hour'),
    RATE_LIMIT_USER_PER_MINUTE: integer(1)
      .default(3000)
      .describe('authenticated API requests per user per minute'),
    RATE_LIMIT_LOGIN_NEW_ADDRESSES_PER_ACCOUNT: integer(1)
      .default(20)
      .describe(
        'past RATE_LIMIT_LOGIN_PER_ACCOUNT, guesses from addresses that have not failed yet, per account per hour (known addresses and devices are not counted)',
      ),
    RATE_LIMIT_2FA_PER_CHALLENGE: integer(1)
      .default(3)
      .describe(
        'codes one login challenge takes; then it is dead (sign in with the password again)',
      ),
    RATE_LIMIT_2FA_PER_USER_AND_ADDRESS: integer(1)
      .default(3)
      .describe(
        'second-factor codes of one account from one client address (IPv6: /64) per 15 minutes',
      ),
    RATE_LIMIT_2FA_PER_USER: integer(1)
      .default(30)
      .describe(
        'second-factor codes of one account from all addresses per hour; past it only devices and addresses that completed a sign-in of the account may try',
      ),
    RATE_LIMIT_CREDENTIAL_CHECKS_PER_SESSION: integer(1)
      .default(10)
      .describe(
        're-authentication checks of one signed-in session per 15 minutes: current password, two-factor codes',
      ),
    RATE_LIMIT_ACCOUNT_EMAILS_PER_HOUR: integer(1)
      .default(3)
      .describe('verification and password-reset emails per account per hour'),
    QUOTA_ORGS_PER_USER_PER_DAY: integer(1)
      .default(10)
      .describe('organizations one user may create per day'),
    QUOTA_ORGS_PER_ADDRESS_PER_DAY: integer(1)
      .default(30)
      .describe(
        'organizations created from one client address (IPv6: /64) per day, registrations included',
      ),
    QUOTA_INVITATIONS_PER_ORG_PER_DAY: integer(1)
      .default(300)
      .describe('invitations one organization may send per day'),
    QUOTA_INVITATIONS_PER_INVITER_PER_DAY: integer(1)
      .default(100)
      .describe('invitations one member may send per day (across organizations)'),
  },
  devDefaults: {
    RATE_LIMIT_LOGIN_PER_IP: '100000',
    RATE_LIMIT_REGISTER_PER_IP: '100000',
    QUOTA_ORGS_PER_ADDRESS_PER_DAY: '100000',
    // Benchmarks drive thousands of requests per second through a hundred users.
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
  },
  map: (e) => ({
    loginPerAccountAndAddress: e.RATE_LIMIT_LOGIN_PER_ACCOUNT_AND_ADDRESS,
    loginPerAccount: e.RATE_LIMIT_LOGIN_PER_ACCOUNT,
    loginPerIp: e.RATE_LIMIT_LOGIN_PER_IP,
    registerPerIp: e.RATE_LIMIT_REGISTER_PER_IP,
    userPerMinute: e.RATE_LIMIT_USER_PER_MINUTE,
    loginNewAddressesPerAccount: e.RATE_LIMIT_LOGIN_NEW_ADDRESSES_PER_ACCOUNT,
    secondFactorPerChallenge: e.RATE_LIMIT_2FA_PER_CHALLENGE,
    secondFactorPerUserAndAddress: e.RATE_LIMIT_2FA_PER_USER_AND_ADDRESS,
    secondFactorPerUser: e.RATE_LIMIT_2FA_PER_USER,
    credentialChecksPerSession: e.RATE_LIMIT_CREDENTIAL_CHECKS_PER_SESSION,
    accountEmailsPerHour: e.RATE_LIMIT_ACCOUNT_EMAILS_PER_HOUR,
    orgsPerUserPerDay: e.QUOTA_ORGS_PER_USER_PER_DAY,
    orgsPerAddressPerDay: e.QUOTA_ORGS_PER_ADDRESS_PER_DAY,
    invitationsPerOrgPerDay: e.QUOTA_INVITATIONS_PER_ORG_PER_DAY,
    invitationsPerInviterPerDay: e.QUOTA_INVITATIONS_PER_INVITER_PER_DAY,
  }),
});
