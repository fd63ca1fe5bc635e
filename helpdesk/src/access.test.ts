import { describe, expect, test } from 'bun:test';
import { ForbiddenError } from '@insightdesk/shared/errors';
import type { OrgScope, Role } from '@insightdesk/shared/tenancy';
import {
  INTERNAL_NOTE_ROLES,
  mayBeAssigned,
  PERMISSIONS,
  type Permission,
  permits,
  requireAccess,
} from './access';

const as = (role: Role) =>
  ({ orgId: 'org-1', userId: `user-${role}`, role }) as unknown as OrgScope;

/** The refusal `requireAccess` throws, as `{status, code}`; null when it grants. */
function refusal(role: Role, permission: Permission, input?: Record<string, unknown>) {
  try {
    requireAccess({ auth: as(role), permission, input });
    return null;
  } catch (err) {
    if (!(err instanceof ForbiddenError)) throw err;
    return { status: err.status, code: err.code, detail: err.detail };
  }
}

/** What only admins and owners may do; every member may do the rest (on their tickets). */
const ADMINS_ONLY = new Set<Permission>([
  'ticket.delete',
  'analytics.read',
  'export.create',
  'export.read',
  'sla.read',
  'sla.update',
  'inbound.read',
  'inbound.update',
  'inbound.settle',
]);

describe('the help desk’s policy', () => {
  test('every member works on tickets; admins and owners alone do the rest', () => {
    const roles = ['owner', 'admin', 'agent', 'requester'] as const;
    for (const permission of PERMISSIONS) {
      const expected = ADMINS_ONLY.has(permission)
        ? [true, true, false, false]
        : [true, true, true, true];
      expect({ permission, allowed: roles.map((role) => permits(role, permission)) }).toEqual({
        permission,
        allowed: expected,
      });
    }
    expect([...ADMINS_ONLY].every((p) => PERMISSIONS.includes(p))).toBe(true);
  });

  test('below the role a permission needs: 403 insufficient_role, naming the role', () => {
    expect(refusal('agent', 'ticket.delete')).toEqual({
      status: 403,
      code: 'insufficient_role',
      detail: 'This needs the admin role or above.',
    });
    expect(refusal('requester', 'export.create')?.code).toBe('insufficient_role');
    expect(refusal('admin', 'ticket.delete')).toBeNull();
  });

  test('a requester reaches the tickets they requested, without internal notes; staff every one', () => {
    const requester = requireAccess({ auth: as('requester'), permission: 'ticket.read' });
    expect([requester.tickets, requester.internalNotes]).toEqual(['requested', false]);
    for (const role of ['agent', 'admin', 'owner'] as const) {
      const staff = requireAccess({ auth: as(role), permission: 'ticket.read' });
      expect([staff.tickets, staff.internalNotes]).toEqual(['organization', true]);
    }
    // The grant is the membership it was asked for, and more.
    expect(requester).toMatchObject({ orgId: 'org-1', userId: 'user-requester' });
  });

  test('status, priority and assignee are for agents: a requester naming any is refused', () => {
    expect(refusal('requester', 'ticket.update', { subject: 'Better title' })).toBeNull();
    expect(refusal('requester', 'ticket.update', { status: 'solved', priority: 'low' })).toEqual({
      status: 403,
      code: 'agent_only_field',
      detail: 'Only agents can set: status, priority.',
    });
    // Given at all counts, whatever the value: the default priority too, and null assignees.
    expect(refusal('requester', 'ticket.create', { subject: 's', priority: 'normal' })?.code).toBe(
      'agent_only_field',
    );
    expect(refusal('requester', 'ticket.update', { assigneeId: null })?.code).toBe(
      'agent_only_field',
    );
    expect(refusal('requester', 'ticket.update', { status: undefined })).toBeNull();
    expect(refusal('agent', 'ticket.update', { status: 'solved', assigneeId: 'u' })).toBeNull();
  });

  test('internal notes are for agents; a requester may say internal: false', () => {
    expect(refusal('requester', 'message.create', { body: 'b', internal: true })).toEqual({
      status: 403,
      code: 'internal_notes_forbidden',
      detail: 'Only agents can write internal notes.',
    });
    expect(refusal('requester', 'message.create', { body: 'b', internal: false })).toBeNull();
    expect(refusal('agent', 'message.create', { body: 'b', internal: true })).toBeNull();
  });

  test('who may hear of an internal note: the roles whose grant reads internal notes', () => {
    for (const role of ['owner', 'admin', 'agent', 'requester'] as const)
      expect(INTERNAL_NOTE_ROLES.includes(role)).toBe(
        requireAccess({ auth: as(role), permission: 'message.list' }).internalNotes,
      );
  });

  test('tickets are assigned to staff only', () => {
    expect((['owner', 'admin', 'agent', 'requester'] as const).map(mayBeAssigned)).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});
