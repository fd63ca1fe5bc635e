import type { Executor } from '@insightdesk/shared/db';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import { startExport as insertExport } from '../exports';

/**
 * An export of the organization: its row and `export.requested` (the worker's flow follows) —
 * one transaction; another running export of the organization is 409 `export_running`.
 */
export function startExport(db: Executor, scope: OrgScope) {
  return db.transaction((tx) => insertExport(tx, scope));
}
