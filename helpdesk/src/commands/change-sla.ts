import type { Executor } from '@insightdesk/shared/db';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import { type CalendarInput, deleteCalendar, putCalendar } from '../sla/calendars';
import type { SlaSettings } from '../sla/config';
import {
  deletePolicy,
  insertPolicy,
  type PolicyInput,
  type PolicyRow,
  replacePolicy,
} from '../sla/policies';
import { refreshOrganizationSla } from '../sla/refresh';
import { SLA_LIMITS } from '../sla/shapes';

export type PolicyChange =
  | { kind: 'create'; input: PolicyInput }
  | { kind: 'replace'; id: string; input: PolicyInput }
  | { kind: 'delete'; id: string };

/** A policy added, replaced or deleted, and the unresolved tickets' timers again — one transaction. */
export function changePolicies(
  db: Executor,
  scope: OrgScope,
  change: PolicyChange,
  sla: SlaSettings,
): Promise<PolicyRow | null> {
  return db.transaction(async (tx) => {
    let policy: PolicyRow | null = null;
    if (change.kind === 'create')
      policy = await insertPolicy(tx, scope.orgId, change.input, SLA_LIMITS.policies);
    else if (change.kind === 'replace')
      policy = await replacePolicy(tx, scope.orgId, change.id, change.input);
    else await deletePolicy(tx, scope.orgId, change.id);
    await refreshOrganizationSla(tx, scope.orgId, sla);
    return policy;
  });
}

/** The calendar set, and the unresolved tickets' timers again — one transaction. */
export function changeCalendar(
  db: Executor,
  scope: OrgScope,
  input: CalendarInput,
  sla: SlaSettings,
) {
  return db.transaction(async (tx) => {
    await putCalendar(tx, scope.orgId, input);
    await refreshOrganizationSla(tx, scope.orgId, sla);
  });
}

/** Back to around the clock, and the unresolved tickets' timers again — one transaction. */
export function resetCalendar(db: Executor, scope: OrgScope, sla: SlaSettings) {
  return db.transaction(async (tx) => {
    if (await deleteCalendar(tx, scope.orgId)) await refreshOrganizationSla(tx, scope.orgId, sla);
  });
}
