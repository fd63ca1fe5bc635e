import type { Database } from '@insightdesk/shared/db';
import type { Logger } from '@insightdesk/shared/logger';
import { type Purge, purgeExpired } from '@insightdesk/shared/maintenance';
import type { DnsResolver } from '@insightdesk/shared/net';
import type { JobData, maintenanceQueue, Processors } from '@insightdesk/shared/queues';
import type { Redis } from '@insightdesk/shared/valkey';
import { type AuditVerifications, verifyAuditChains } from '../audit-verification';
import { recheckDomains } from '../domain-rechecks';

export function maintenanceProcessors(deps: {
  database: Database;
  valkey: Redis;
  /** The platform's purges, then the product's. */
  purges: readonly Purge[];
  /** Where proven domains' records are read, and how often each is read again. */
  domains: { resolver: DnsResolver; everyHours: number };
  /** Where the audit chains' scheduled verifications are counted. */
  auditVerifications: AuditVerifications;
  logger: Logger;
}): Processors<typeof maintenanceQueue> {
  return {
    async purge() {
      const removed = await purgeExpired(deps.database.db, deps.purges);
      deps.logger.info({ removed }, 'purged expired records');
      return removed;
    },
    async 'recheck-domains'() {
      return recheckDomains({ db: deps.database.db, ...deps.domains, logger: deps.logger });
    },
    async 'verify-audit'() {
      return verifyAuditChains({
        db: deps.database.db,
        valkey: deps.valkey,
        counter: deps.auditVerifications,
        logger: deps.logger,
      });
    },
    async noop({ delayMs, marker }: JobData<typeof maintenanceQueue, 'noop'>) {
      if (delayMs > 0) await Bun.sleep(delayMs);
      // Counted at the very end: a run cut short counts nothing.
      if (marker) await deps.valkey.incr(`insightdesk:noop:${marker}`);
      return { done: true };
    },
  };
}
