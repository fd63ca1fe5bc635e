import { describe, expect, test } from 'bun:test';
import {
  type AnsweredTicket,
  attachmentsNote,
  decideInbound,
  flaggedNote,
  type MailFacts,
  triageMail,
} from './decide';

const ORG = '0190a000-0000-7000-8000-000000000001';
const TICKET = '0190a000-0000-7000-8000-000000000002';

/** A person's mail to the organization's address: the table's last row. */
const mail = (facts: Partial<MailFacts> = {}): MailFacts => ({
  orgId: ORG,
  ours: false,
  failedRecipients: null,
  auth: 'accepted',
  sender: 'ada@example.com',
  automatic: null,
  replyAddress: null,
  ...facts,
});
const contactTicket = (facts: Partial<AnsweredTicket> = {}): AnsweredTicket => ({
  id: TICKET,
  orgId: ORG,
  requesterEmail: 'Ada@Example.com',
  byContact: true,
  ...facts,
});
const nothingNamed = { ticketId: null, answered: null };
const named = (answered: AnsweredTicket | null) => ({ ticketId: TICKET, answered });
const replyAddress = { ticketId: TICKET, forSender: true };

describe('the inbound decision table', () => {
  test('a person writing to the organization opens a ticket', () => {
    expect(decideInbound(mail(), nothingNamed)).toEqual({ action: 'open ticket' });
  });

  test('a loop, a bounce, a refusal, no sender: decided before any ticket is looked up', () => {
    expect(triageMail(mail({ ours: true }))).toEqual({
      action: 'drop',
      outcome: 'our own mail come back (loop)',
    });
    expect(triageMail(mail({ failedRecipients: ['gone@example.com'] }))).toEqual({
      action: 'mark bounced',
      recipients: ['gone@example.com'],
    });
    expect(triageMail(mail({ auth: 'rejected' }))).toEqual({
      action: 'refuse',
      outcome: 'failed SPF/DKIM/DMARC (policy: reject)',
    });
    expect(triageMail(mail({ sender: null }))).toEqual({
      action: 'drop',
      outcome: 'no sender address',
    });
    expect(triageMail(mail({ replyAddress: { ticketId: TICKET, forSender: false } }))).toEqual({
      action: 'hold',
      outcome: 'reply address not made for the sender',
    });
    expect(triageMail(mail())).toBeNull();
    expect(triageMail(mail({ auth: 'flagged' }))).toBeNull();
  });

  test('rows are tried in order: our own bounce is a loop, a rejected bounce still a bounce', () => {
    const bounce = { failedRecipients: ['gone@example.com'] };
    expect(triageMail(mail({ ...bounce, ours: true }))?.action).toBe('drop');
    expect(triageMail(mail({ ...bounce, auth: 'rejected' }))?.action).toBe('mark bounced');
    expect(triageMail(mail({ auth: 'rejected', sender: null }))?.action).toBe('refuse');
  });

  test("a reply address made for the sender: a message on its ticket, whoever's address it names", () => {
    const facts = mail({ replyAddress, sender: 'someone-else@example.com' });
    expect(decideInbound(facts, named(contactTicket()))).toEqual({
      action: 'add message',
      ticketId: TICKET,
      via: 'reply address',
    });
  });

  test("a threaded reply: a message when it comes from the ticket's requester (any case)", () => {
    expect(decideInbound(mail(), named(contactTicket()))).toEqual({
      action: 'add message',
      ticketId: TICKET,
      via: 'threaded',
    });
    expect(decideInbound(mail({ sender: 'eve@example.com' }), named(contactTicket()))).toEqual({
      action: 'hold',
      outcome: 'not a participant of the ticket',
      ticketId: TICKET,
    });
  });

  test("a member's ticket takes no mail: held with its ticket, for an admin to release", () => {
    const members = contactTicket({ byContact: false });
    expect(decideInbound(mail(), named(members))).toEqual({
      action: 'hold',
      outcome: 'not a participant of the ticket',
      ticketId: TICKET,
    });
    expect(decideInbound(mail({ replyAddress }), named(members))).toMatchObject({
      action: 'hold',
    });
  });

  test("a ticket gone, or another organization's, is not answered", () => {
    const gone = { action: 'hold', outcome: 'answers a ticket that is gone' } as const;
    expect(decideInbound(mail(), named(null))).toEqual(gone);
    expect(decideInbound(mail({ replyAddress }), named(null))).toEqual(gone);
    const elsewhere = contactTicket({ orgId: '0190a000-0000-7000-8000-000000000009' });
    expect(decideInbound(mail(), named(elsewhere))).toEqual(gone);
  });

  test('automatic mail opens no ticket, but a threaded one from the requester is added', () => {
    const automatic = mail({ automatic: 'auto-submitted: auto-replied' });
    expect(decideInbound(automatic, nothingNamed)).toEqual({
      action: 'drop',
      outcome: 'automatic mail (auto-submitted: auto-replied)',
    });
    expect(decideInbound(automatic, named(contactTicket()))).toMatchObject({
      action: 'add message',
    });
  });

  test('a flagged mail processed says so; held, dropped or accepted ones do not', () => {
    expect(flaggedNote('new ticket', 'flagged', true)).toBe(
      'new ticket; flagged: failed SPF/DKIM/DMARC',
    );
    expect(flaggedNote('not a participant of the ticket', 'flagged', false)).toBe(
      'not a participant of the ticket',
    );
    expect(flaggedNote('new ticket', 'accepted', true)).toBe('new ticket');
  });

  test("the outcome names the mail's files only when it brought some", () => {
    expect(attachmentsNote(0, 0)).toBe('');
    expect(attachmentsNote(2, 0)).toBe('; attachments: 2 kept');
    expect(attachmentsNote(1, 3)).toBe('; attachments: 1 kept, 3 refused');
  });
});
