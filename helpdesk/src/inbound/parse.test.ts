import { describe, expect, test } from 'bun:test';
import {
  automaticBecause,
  failedRecipients,
  isOurOwnMail,
  messageIds,
  messageKey,
  parseMail,
  trimQuoted,
} from './parse';
import { replyTokens } from './reply-token';

const mail = (...lines: string[]) => new TextEncoder().encode(lines.join('\r\n'));

describe('inbound mail, read', () => {
  test('the key is the Message-ID, else the digest of the bytes', () => {
    expect(messageKey(mail('Message-ID: <a@b>', '', 'x'))).toBe('<a@b>');
    expect(messageKey(mail('Message-ID:', ' <folded@b>', '', 'x'))).toBe('<folded@b>');
    const none = messageKey(mail('Subject: x', '', 'body'));
    expect(none).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(messageKey(mail('Subject: x', '', 'body'))).toBe(none);
    expect(messageIds('<a@b> junk <c@d>')).toEqual(['<a@b>', '<c@d>']);
  });

  test('RFC 3834 and its kin mark automatic mail; a person writing "Auto-Submitted: no" is one', () => {
    expect(automaticBecause(mail('Auto-Submitted: auto-replied', '', ''), 'a@b')).toContain(
      'Auto-Submitted',
    );
    expect(automaticBecause(mail('Auto-Submitted: no', '', ''), 'a@b')).toBeNull();
    expect(automaticBecause(mail('Precedence: list', '', ''), 'a@b')).toContain('Precedence');
    expect(automaticBecause(mail('X-Autoreply: yes', '', ''), 'a@b')).not.toBeNull();
    expect(automaticBecause(mail('Subject: hi', '', ''), '')).toBe('null sender');
    expect(automaticBecause(mail('Subject: hi', '', 'Precedence: bulk'), 'a@b')).toBeNull();
    expect(isOurOwnMail(mail('X-InsightDesk-Template: reply', '', ''))).toBe(true);
  });

  test('a delivery status report names its failed recipients; other mail is none', () => {
    const dsn = mail(
      'Content-Type: multipart/report; report-type=delivery-status; boundary=b',
      '',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx',
      '',
      'Final-Recipient: rfc822; Gone@Example.test',
      'Action: failed',
      '',
      'Final-Recipient: rfc822; late@example.test',
      'Action: delayed',
      '--b--',
    );
    expect(failedRecipients(dsn)).toEqual(['gone@example.test']);
    expect(failedRecipients(mail('Content-Type: text/plain', '', 'Action: failed'))).toBeNull();
  });

  test('quoted history is trimmed, a reply of quotes only is kept whole', () => {
    expect(trimQuoted('Thanks!\n\nOn Mon, 1 Jan 2026, Desk <d@x> wrote:\n> old')).toBe('Thanks!');
    expect(trimQuoted('Yes.\n-----Original Message-----\nFrom: x')).toBe('Yes.');
    expect(trimQuoted('Fine\n-- \nCasey, Acme')).toBe('Fine');
    expect(trimQuoted('> only a quote')).toBe('> only a quote');
  });

  test('HTML becomes text; a subject and body are bounded', async () => {
    const parsed = await parseMail(
      mail(
        'From: "Eve" <EVE@example.test>',
        `Subject: ${'s'.repeat(500)}`,
        'Content-Type: text/html',
        '',
        '<p>Hello <script>alert(1)</script><b>there</b></p>',
      ),
    );
    expect(parsed.from).toEqual({ address: 'eve@example.test', name: 'Eve' });
    expect(parsed.subject.length).toBe(200);
    expect(parsed.text).not.toContain('<');
    expect(parsed.text).toContain('there');
  });

  test('a From address longer than SMTP carries is none; the next one that fits is taken', async () => {
    const long = `${'x'.repeat(255)}@example.test`;
    expect((await parseMail(mail(`From: <${long}>`, '', 'hi'))).from).toBeNull();
    expect(
      (await parseMail(mail(`From: <${long}>, Ann <ann@example.test>`, '', 'hi'))).from,
    ).toEqual({ address: 'ann@example.test', name: 'Ann' });
  });
});

describe('reply tokens', () => {
  const tokens = replyTokens('a secret of the test');
  const ticketId = '0190f0aa-bbbb-7ccc-8ddd-eeeeffff0000';

  test('bound to the ticket and the recipient, within 64 characters, lower-case', () => {
    const local = tokens.localPart(ticketId, 'Casey@Example.test');
    expect(local.length).toBeLessThanOrEqual(64);
    expect(local).toBe(local.toLowerCase());
    const parsed = tokens.parse(local);
    expect(parsed?.ticketId).toBe(ticketId);
    expect(tokens.verify(parsed ?? { ticketId: '', mac: '' }, 'casey@example.test')).toBe(true);
    expect(tokens.verify(parsed ?? { ticketId: '', mac: '' }, 'mallory@example.test')).toBe(false);
    const otherTicket = { ticketId: ticketId.replace('0000', '0001'), mac: parsed?.mac ?? '' };
    expect(tokens.verify(otherTicket, 'casey@example.test')).toBe(false);
    expect(replyTokens('another key').verify(parsed ?? otherTicket, 'casey@example.test')).toBe(
      false,
    );
  });

  test('anything else is not a token', () => {
    for (const local of [
      'reply+',
      'reply+xyz-abc',
      'support',
      `reply+${'a'.repeat(32)}-${'g'.repeat(20)}`,
    ])
      expect(tokens.parse(local)).toBeNull();
  });
});
