import { expect, test } from 'bun:test';
import type { Ticket } from '../schemas';
import { changedFields, newlyAssigned } from './ticket';

const ticket = (assigneeId: string | null) =>
  ({ assignee: assigneeId ? { id: assigneeId, name: 'A' } : null }) as Ticket;

test('ticket.updated names the fields the change gave a value, unassigning included', () => {
  expect(changedFields({ subject: 'New', status: undefined, priority: 'high' })).toEqual([
    'subject',
    'priority',
  ]);
  expect(changedFields({ assigneeId: null })).toEqual(['assigneeId']);
  expect(changedFields({})).toEqual([]);
});

test('only a new assignee is notified: not the same one again, not an unassignment', () => {
  expect(newlyAssigned({ assigneeId: 'u2' }, ticket('u1'))).toBe('u2');
  expect(newlyAssigned({ assigneeId: 'u2' }, ticket(null))).toBe('u2');
  expect(newlyAssigned({ assigneeId: 'u1' }, ticket('u1'))).toBeNull();
  expect(newlyAssigned({ assigneeId: null }, ticket('u1'))).toBeNull();
  expect(newlyAssigned({ status: 'solved' }, ticket('u1'))).toBeNull();
});
