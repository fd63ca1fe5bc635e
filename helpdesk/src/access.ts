import { ForbiddenError } from '@insightdesk/shared/errors';
import type { OrgScope, Role } from '@insightdesk/shared/tenancy';
import { helpdeskLadder, isStaff, STAFF_ROLES } from './roles';

/**
 * The help desk's authorization policy: what a requester, an agent and an admin may do to a
 * ticket, a message, an attachment, an export, the analytics, the service levels and the inbound
 * mail. Every route and socket handler asks it once, `requireAccess({auth, permission, input})`,
 * before its command or read runs; nothing else decides who may do what.
 *
 * Its answer is a grant (`Access`): the membership, and what it reaches — every ticket of the
 * organization, or only the tickets the member requested; internal notes or not. The reads and
 * writes of tickets take the grant and apply it in their own statement, so that which tickets a
 * member reaches costs no round trip of its own: a ticket the grant does not reach is not found
 * (404, the answer for a ticket that is not there), never forbidden.
 */

/**
 * Each permission, and the least role it needs. Members of every role work on tickets
 * (requesters on theirs); deleting a ticket, the analytics, exports, service levels and inbound
 * mail are admins'.
 */
const LEAST_ROLE = {
  'ticket.list': 'requester',
  'ticket.create': 'requester',
  'ticket.read': 'requester',
  'ticket.update': 'requester',
  'ticket.delete': 'admin',
  'message.list': 'requester',
  'message.create': 'requester',
  'attachment.list': 'requester',
  'attachment.read': 'requester',
  'attachment.create': 'requester',
  'analytics.read': 'admin',
  'export.create': 'admin',
  'export.read': 'admin',
  'sla.read': 'admin',
  'sla.update': 'admin',
  'inbound.read': 'admin',
  'inbound.update': 'admin',
  'inbound.settle': 'admin',
} as const satisfies { readonly [permission: string]: Role };

export type Permission = keyof typeof LEAST_ROLE;
export const PERMISSIONS = Object.keys(LEAST_ROLE) as readonly Permission[];

/** The fields of a ticket only staff set: a requester may retitle their own ticket, no more. */
export const TRIAGE_FIELDS = ['status', 'priority', 'assigneeId'] as const;

export interface AccessRequest {
  /** The membership the request proved (`orgAccess`). */
  readonly auth: OrgScope;
  readonly permission: Permission;
  /** What the request asks for (its validated body): some of it needs more than the permission. */
  readonly input?: { readonly [field: string]: unknown };
}

declare const accessBrand: unique symbol;

/** What the policy granted: only `requireAccess` makes one. */
export interface Access extends OrgScope {
  /** The tickets it reaches: every one of the organization, or those the member requested. */
  readonly tickets: 'organization' | 'requested';
  /** Whether it reads and writes internal notes. */
  readonly internalNotes: boolean;
  readonly [accessBrand]: true;
}

/** Whether `role` has what `permission` needs (a job acting for a member asks this). */
export const permits = (role: Role, permission: Permission): boolean =>
  helpdeskLadder.atLeast(role, LEAST_ROLE[permission]);

/** Who may be assigned a ticket: staff. */
export const mayBeAssigned = isStaff;

/** The roles that read internal notes, and so may hear of one (a notification). */
export const INTERNAL_NOTE_ROLES: readonly Role[] = STAFF_ROLES;

/** The grant for `permission`, or 403 with what is missing. */
export function requireAccess({ auth, permission, input = {} }: AccessRequest): Access {
  if (!permits(auth.role, permission)) {
    const least = LEAST_ROLE[permission];
    throw new ForbiddenError('insufficient_role', `This needs the ${least} role or above.`);
  }
  const staff = isStaff(auth.role);
  if (!staff && (permission === 'ticket.create' || permission === 'ticket.update')) {
    const forbidden = TRIAGE_FIELDS.filter((field) => input[field] !== undefined);
    if (forbidden.length > 0)
      throw new ForbiddenError('agent_only_field', `Only agents can set: ${forbidden.join(', ')}.`);
  }
  if (!staff && permission === 'message.create' && input.internal === true)
    throw new ForbiddenError('internal_notes_forbidden', 'Only agents can write internal notes.');
  return {
    ...auth,
    tickets: staff ? 'organization' : 'requested',
    internalNotes: staff,
  } as Access;
}
