import type { Executor } from '@insightdesk/shared/db';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import { recordEvent } from '../event-writer';
import { SLA_LIMITS } from '../schemas/sla';
import { type CalendarInput, calendarFeed, deleteCalendar, putCalendar } from '../sla/calendars';
import {
  deletePolicy,
  insertPolicy,
  type PolicyInput,
  type PolicyRow,
  replacePolicy,
} from '../sla/policies';

/** The worker computes the unresolved tickets' timers again (`sla.settings-changed`). */
const settingsChanged = (tx: Executor, orgId: string) =>
  recordEvent(tx, orgId, 'sla.settings-changed', { changeId: Bun.randomUUIDv7() });

export type PolicyChange =
  | { kind: 'create'; input: PolicyInput }
  | { kind: 'replace'; id: string; input: PolicyInput }
  | { kind: 'delete'; id: string };

/** A policy added, replaced or deleted, and `sla.settings-changed` (the worker computes the
 * unresolved tickets' timers again) — one transaction. */
export function changePolicies(
  db: Executor,
  scope: OrgScope,
  change: PolicyChange,
): Promise<PolicyRow | null> {
  return db.transaction(async (tx) => {
    let policy: PolicyRow | null = null;
    if (change.kind === 'create')
      policy = await insertPolicy(tx, scope.orgId, change.input, SLA_LIMITS.policies);
    else if (change.kind === 'replace')
      policy = await replacePolicy(tx, scope.orgId, change.id, change.input);
    else await deletePolicy(tx, scope.orgId, change.id);
    await settingsChanged(tx, scope.orgId);
    return policy;
  });
}

/** The worker imports the calendar's iCalendar feed (`sla.calendar-feed-requested`). */
const feedRequested = (tx: Executor, orgId: string) =>
  recordEvent(tx, orgId, 'sla.calendar-feed-requested', { changeId: Bun.randomUUIDv7() });

/** The calendar set, and `sla.settings-changed` (the worker computes the
 * unresolved tickets' timers again) and, with a feed, its import — one transaction. */
export function changeCalendar(db: Executor, scope: OrgScope, input: CalendarInput) {
  return db.transaction(async (tx) => {
    await putCalendar(tx, scope.orgId, input);
    await settingsChanged(tx, scope.orgId);
    // Every change, not only the URL's: the feed's events are read in the calendar's zone.
    if (input.icsUrl !== null) await feedRequested(tx, scope.orgId);
  });
}

/** The feed imported again now (an admin asks); false when the calendar has none. */
export function refreshCalendarFeed(db: Executor, scope: OrgScope): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await calendarFeed(tx, scope.orgId))) return false;
    await feedRequested(tx, scope.orgId);
    return true;
  });
}

/** Back to around the clock, and `sla.settings-changed` (the worker computes the
 * unresolved tickets' timers again) — one transaction. */
export function resetCalendar(db: Executor, scope: OrgScope) {
  return db.transaction(async (tx) => {
    if (await deleteCalendar(tx, scope.orgId)) await settingsChanged(tx, scope.orgId);
  });
}
