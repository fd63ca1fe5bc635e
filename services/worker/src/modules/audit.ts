import { auditRetentionPurge } from '@insightdesk/shared/audit';
import { auditVerificationCounter, verifyAuditChains } from '../audit-verification';
import type { PlatformWorkerModule } from './deps';

/** The audit log: its chains walked again (`verify-audit`), its retention's purge. */
export const auditWorker: PlatformWorkerModule = {
  name: 'audit',
  start: ({ database, valkey, registry, logger }) => {
    const counter = auditVerificationCounter(registry);
    return {
      processors: {
        maintenance: {
          'verify-audit': () => verifyAuditChains({ db: database.db, valkey, counter, logger }),
        },
      },
      purges: [auditRetentionPurge()],
    };
  },
};
