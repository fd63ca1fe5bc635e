import { recordAudit } from '@insightdesk/shared/audit';
import { revokeConfinedSessions } from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import type { Logger } from '@insightdesk/shared/logger';
import { type DnsResolver, txtRecordHolds } from '@insightdesk/shared/net';
import {
  challengeRecordName,
  challengeRecordValue,
  DOMAIN_MISSES_ALLOWED,
  domainsDueForCheck,
  recordRecheck,
} from '@insightdesk/shared/tenancy';

/** Checks a run makes at most (the next hourly run takes the rest). */
const CHECKS_PER_RUN = 500;

/**
 * The periodic re-check of proven domains (docs/sso.md, "Proven domains"): each one last checked
 * more than `everyHours` ago has its TXT record looked up again. Found, it stays proven; missing
 * at two checks in a row, it is lost — it vouches for nobody, and its organization's provider
 * makes no account there, until proven again (`sso.domain-lost` in the organization's audit
 * log), and the sessions of the accounts it managed end. A lookup that fails (a timeout, a
 * server failure) decides nothing.
 */
export async function recheckDomains(deps: {
  db: Executor;
  resolver: DnsResolver;
  everyHours: number;
  logger: Logger;
}): Promise<{ checked: number; lost: number }> {
  const due = await domainsDueForCheck(deps.db, deps.everyHours, CHECKS_PER_RUN);
  let lost = 0;
  for (const domain of due) {
    const found = await txtRecordHolds(
      deps.resolver,
      challengeRecordName(domain.domain),
      challengeRecordValue(domain.challenge),
    );
    if (found === 'unknown') continue;
    const outcome = await deps.db.transaction(async (tx) => {
      const result = await recordRecheck(tx, domain.id, found === 'found', DOMAIN_MISSES_ALLOWED);
      if (result === 'lost') {
        // Sessions of the accounts it managed reach the account no more (their access tokens
        // within the session guard's cache lifetime, a minute).
        await revokeConfinedSessions(tx, domain.orgId, 'managed');
        await recordAudit(tx, {
          organizationId: domain.orgId,
          actor: { type: 'system' },
          action: 'sso.domain-lost',
          target: { type: 'organization', id: domain.orgId },
          change: { domain: domain.domain },
        });
      }
      return result;
    });
    if (outcome === 'lost') {
      lost++;
      deps.logger.warn({ orgId: domain.orgId, domain: domain.domain }, 'proven domain lost');
    }
  }
  return { checked: due.length, lost };
}
