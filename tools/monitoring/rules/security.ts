import type { RuleProfile } from '../profile';
import { alert, type RuleGroup } from '../rule';

/**
 * Security: bursts of failed logins and second-factor codes, told apart by the budget that
 * refused them (`rate_limit_refusals_total{budget}`: one address on one account, one address on
 * any, one account from anywhere — the budgets of services/api/src/login-throttle.ts and
 * second-factor-throttle.ts), refresh tokens used twice, and audit chains that no longer verify.
 * No label names an account or an address: the audit log says which (auth.login-failed).
 */
export function securityRules(p: RuleProfile): RuleGroup[] {
  const refused = (budgets: string) =>
    `sum(increase(rate_limit_refusals_total{budget=~"${budgets}"}[${p.d('10m')}])) > 0`;
  return [
    {
      name: 'insightdesk-security.alerts',
      rules: [
        alert({
          name: 'LoginFailuresOneAccountOneAddress',
          expr: refused('login-account-address'),
          severity: 'ticket',
          summary: 'One address failed to log in to one account until its budget ran out',
          description:
            'RATE_LIMIT_LOGIN_PER_ACCOUNT_AND_ADDRESS failed logins of one account from one address within 15 minutes: that address is refused on that account (the owner elsewhere is not). Someone guessing, or someone who forgot.',
        }),
        alert({
          name: 'LoginFailuresOneAddress',
          expr: refused('login-ip'),
          severity: 'ticket',
          summary: 'One address ran out of login attempts across accounts',
          description:
            'RATE_LIMIT_LOGIN_PER_IP attempts from one address within 15 minutes, on any accounts: credential stuffing from that address.',
        }),
        alert({
          name: 'LoginFailuresOneAccount',
          expr: refused('login-account|login-new-addresses'),
          severity: 'page',
          summary: 'One account is being guessed from many addresses',
          description:
            'RATE_LIMIT_LOGIN_PER_ACCOUNT failed logins of one account from all addresses within 15 minutes: distributed guessing. Only addresses and devices that logged in before may try now.',
        }),
        alert({
          name: 'SecondFactorFailuresOneAddress',
          expr: refused('2fa-user-address|2fa-challenge'),
          severity: 'ticket',
          summary: 'Second-factor codes of one account from one address ran out',
          description:
            'Wrong second-factor codes from one address: whoever sends them knows the password.',
        }),
        alert({
          name: 'SecondFactorFailuresOneAccount',
          expr: refused('2fa-user'),
          severity: 'page',
          summary: "One account's second factor is being guessed from many addresses",
          description:
            'RATE_LIMIT_2FA_PER_USER wrong codes of one account within an hour: the password is known to someone guessing the code.',
        }),
        alert({
          name: 'LoginFailuresHigh',
          expr: `sum(rate(http_problems_total{code=~"invalid_credentials|invalid_code"}[${p.d('10m')}])) > 1`,
          for: p.d('10m'),
          severity: 'ticket',
          summary: 'More than one failed login or second-factor code a second, deployment-wide',
          description:
            'Failed logins across the deployment are high, whatever the budgets say of each address and account.',
        }),
        alert({
          name: 'RefreshTokenReuse',
          expr: `sum(increase(http_problems_total{code="refresh_token_reused"}[${p.d('15m')}])) > 0`,
          severity: 'ticket',
          summary: 'A refresh token was used twice: its session family was revoked',
          description:
            'A spent refresh token came back: a copy of it was stolen (or a client retried a refresh it did not see answered). Every session of its family ended.',
        }),
        alert({
          name: 'AuditChainBroken',
          expr: `sum(increase(audit_verifications_total{outcome="broken"}[${p.d('12h')}])) > 0`,
          severity: 'page',
          summary: 'An audit chain no longer verifies',
          description:
            "The scheduled verification found a row altered, missing, a broken link, or a tail cut since its last walk: the audit log's integrity is in question. The worker's log names the chain and where it breaks.",
        }),
      ],
    },
  ];
}
