import { type AuditEntry, recordAudit } from '@insightdesk/shared/audit';
import type { Executor } from '@insightdesk/shared/db';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import { startExport as insertExport } from '../exports';

/**
 * An export of the organization: its row, `export.requested` (the worker's flow follows) and its
 * entry in the platform's audit log — one transaction; another running export of the
 * organization is 409 `export_running`.
 */
export function startExport(
  db: Executor,
  scope: OrgScope,
  audit: Pick<AuditEntry, 'actor' | 'request'>,
) {
  return db.transaction(async (tx) => {
    const started = await insertExport(tx, scope);
    await recordAudit(tx, {
      organizationId: scope.orgId,
      ...audit,
      action: 'export.started',
      target: { type: 'export', id: started.id },
    });
    return started;
  });
}
