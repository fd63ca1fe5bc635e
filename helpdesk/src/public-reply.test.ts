import { expect, test } from 'bun:test';
import { isPublicReply } from './public-reply';

const requester = '0190a000-0000-7000-8000-00000000000a';
const agent = '0190a000-0000-7000-8000-00000000000b';

test("a public reply: a member's message that is no internal note, to someone else's ticket", () => {
  expect(isPublicReply({ internal: false, memberAuthorId: agent }, requester)).toBe(true);
  // An internal note never is; nor is the requester's own message.
  expect(isPublicReply({ internal: true, memberAuthorId: agent }, requester)).toBe(false);
  expect(isPublicReply({ internal: false, memberAuthorId: requester }, requester)).toBe(false);
  // An agent answering a ticket they opened themselves writes as its requester.
  expect(isPublicReply({ internal: false, memberAuthorId: agent }, agent)).toBe(false);
});

test("a contact's mail is the requester's side, whoever the contact is", () => {
  expect(isPublicReply({ internal: false, memberAuthorId: null }, requester)).toBe(false);
  expect(isPublicReply({ internal: false, memberAuthorId: null }, null)).toBe(false);
  // A member answering a contact's ticket (no member requester) replies publicly.
  expect(isPublicReply({ internal: false, memberAuthorId: agent }, null)).toBe(true);
});
