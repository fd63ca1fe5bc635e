import { expect, test } from 'bun:test';
import { notifiedOfReply } from './messages';

const ticket = { requesterId: 'requester', assigneeId: 'agent' };

test('a reply notifies the requester and the assignee', () => {
  expect(notifiedOfReply(false, ticket)).toEqual({
    recipients: ['requester', 'agent'],
    staffOnly: false,
  });
  expect(notifiedOfReply(false, { ...ticket, assigneeId: null })).toEqual({
    recipients: ['requester', null],
    staffOnly: false,
  });
});

test('an internal note never notifies the requester, and reaches staff only', () => {
  expect(notifiedOfReply(true, ticket)).toEqual({ recipients: [null, 'agent'], staffOnly: true });
});
