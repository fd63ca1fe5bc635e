import { beforeAll, describe, expect, test } from 'bun:test';
import { type Owner, uniqueEmail } from '../../../tests/support/api';
import { waitForMail } from '../../../tests/support/mail';
import {
  computableMessageId,
  db,
  domain,
  inboundDesk,
  messageId,
  messagesIn,
  processedIn,
  rawMail,
  replyToOf,
  send,
  swaks,
  TLS_ARGS,
  threadOf,
  ticketByMail,
} from './support';

// The attacker's view: a plain SMTP client of their own (swaks, nodemailer), a ticket id they
// learnt (a link, a screenshot), and the victim's address to put in From. Nothing they send may
// post on the victim's ticket; only a mail of ours they hold threads.

let owner: Owner;
let orgAddress: string;
let victim: string;
let ticketId: string;
let replyAddress: string;
let confirmationFile: string;

beforeAll(async () => {
  ({ owner, address: orgAddress } = await inboundDesk('ForgedThreads'));
  victim = uniqueEmail('victim');
  ({ ticketId } = await ticketByMail(owner, orgAddress, victim, 'My account'));
  const [confirmation] = await waitForMail(victim, 1, (m) => m.template === 'ticket-confirmation');
  confirmationFile = confirmation?.file ?? '';
  replyAddress = await replyToOf(confirmationFile);
});

const bodies = async () => (await messagesIn(owner, ticketId)).map((m) => m.body);

describe('reply addresses with a null envelope sender (MAIL FROM:<>)', () => {
  test('a forged token, and the real one, are refused at RCPT: nothing is recorded or posted', async () => {
    const forged = `reply+${ticketId.replaceAll('-', '')}-${'0123456789abcdef'.repeat(2).slice(0, 20)}@${domain}`;
    for (const [to, body] of [
      [forged, 'Forged by a null sender.'],
      // The victim's own reply address (seen in a forwarded mail) is made for the victim only.
      [replyAddress, 'A real token from a null sender.'],
    ] as const) {
      const id = messageId();
      const sent = await swaks([
        '--from',
        '<>',
        '--to',
        to,
        ...TLS_ARGS,
        '--header',
        `Message-Id: ${id}`,
        '--header',
        `From: <${victim}>`,
        '--body',
        body,
      ]);
      expect(sent.out).toContain('RCPT TO:');
      expect(sent.out).toContain('550 5.7.1');
      expect(sent.code).not.toBe(0);
      expect(await db`select 1 from inbound_emails where message_key = ${id}`).toHaveLength(0);
    }
    // The same client, the victim's own envelope sender and the real address: taken (a control).
    const id = messageId();
    const genuine = await swaks([
      '--from',
      victim,
      '--to',
      replyAddress,
      ...TLS_ARGS,
      '--header',
      `Message-Id: ${id}`,
      '--body',
      'From the victim, truly.',
    ]);
    expect(genuine.code).toBe(0);
    expect((await processedIn(owner.orgId, id)).outcome).toBe('reply (reply address)');
    const posted = await bodies();
    expect(posted).toContain('From the victim, truly.');
    expect(posted).not.toContain('Forged by a null sender.');
    expect(posted).not.toContain('A real token from a null sender.');
  });
});

describe('threading by In-Reply-To and References', () => {
  test('a computed hash-of-ticket-id Message-ID and a spoofed From do not thread; the Message-ID we sent does', async () => {
    const computed = computableMessageId(`ticket-created:${ticketId}:requester`);
    const sentId = (await threadOf(confirmationFile)).messageId;
    expect(sentId).toMatch(/^<[^<>\s]+@[^<>\s]+>$/);
    expect(sentId).not.toBe(computed);

    // The attacker's own envelope, the victim in From, the computed ID in either header.
    const attacker = uniqueEmail('attacker');
    for (const [header, body] of [
      [`In-Reply-To: ${computed}`, 'Please change my email to attacker@evil.example.'],
      [`References: <unrelated@client.example.test> ${computed}`, 'Refund to this card.'],
    ] as const) {
      const id = messageId();
      expect(
        await send(rawMail({ from: victim, to: orgAddress, id, body, extra: [header] }), {
          from: attacker,
          to: orgAddress,
        }),
      ).toStartWith('250');
      const row = await processedIn(owner.orgId, id);
      // Not a reply: a ticket of its own from the name it gave (a contact: access to nothing).
      expect(row.ticket_id).not.toBe(ticketId);
      expect(row.outcome).toStartWith('new ticket');
      expect(await bodies()).not.toContain(body);
    }

    // The victim answering the confirmation they hold: threaded onto their ticket.
    const id = messageId();
    await send(
      rawMail({
        from: victim,
        to: orgAddress,
        id,
        body: 'Thanks for confirming.',
        extra: [`In-Reply-To: ${sentId}`, `References: ${sentId}`],
      }),
      { from: victim, to: orgAddress },
    );
    const row = await processedIn(owner.orgId, id);
    expect(row.outcome).toBe('reply (threaded)');
    expect(row.ticket_id).toBe(ticketId);
    expect(await bodies()).toContain('Thanks for confirming.');
  });
});
