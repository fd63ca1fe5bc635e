import { describe, expect, test } from 'bun:test';
import PostalMime from 'postal-mime';
import { addressOf, composeMessage, composeMime, type MimeMail, quotedPrintable } from './mime';

// Read back by an independent parser (postal-mime, what the tests read the catcher's mail with).
const base: MimeMail = {
  from: 'InsightDesk <no-reply@insightdesk.local>',
  to: 'ana@example.com',
  subject: 'Ada invited you to Acme on InsightDesk',
  text: 'Hello,\n\nAccept:\nhttps://desk.example/invitations/accept?token=a%2Bb=c\n',
  html: '<p>Hello</p>\n<p><a href="https://desk.example/x?token=a=b">Accept</a></p>',
  messageId: '<0123abcd@insightdesk.local>',
  date: new Date('2026-11-24T10:00:00Z'),
  headers: { 'X-InsightDesk-Template': 'invitation', 'Auto-Submitted': 'auto-generated' },
};

/** A body as given, as postal-mime reads it back (LF line breaks, and one at the end). */
const asParsed = (s: string) => `${s.replaceAll('\r\n', '\n')}\n`;

async function parse(mail: MimeMail) {
  const raw = composeMime(mail);
  if (raw === null) throw new Error('not composed');
  return { raw, parsed: await PostalMime.parse(raw) };
}

describe('composeMime', () => {
  test('every field reads back as it was given', async () => {
    const { raw, parsed } = await parse({ ...base, replyTo: 'reply+t1@in.example' });
    expect(parsed.from).toMatchObject({
      name: 'InsightDesk',
      address: 'no-reply@insightdesk.local',
    });
    expect(parsed.to?.map((a) => a.address)).toEqual(['ana@example.com']);
    expect(parsed.replyTo?.map((a) => a.address)).toEqual(['reply+t1@in.example']);
    expect(parsed.subject).toBe(base.subject);
    expect(parsed.messageId).toBe(base.messageId);
    expect(parsed.date).toBe('2026-11-24T10:00:00.000Z');
    expect(parsed.text).toBe(asParsed(base.text));
    expect(parsed.html).toBe(asParsed(base.html));
    const header = (key: string) => parsed.headers.find((h) => h.key === key)?.value;
    expect(header('x-insightdesk-template')).toBe('invitation');
    expect(header('auto-submitted')).toBe('auto-generated');
    // CRLF everywhere, no line over 76 characters in the bodies, 998 anywhere.
    expect(raw.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(Math.max(...raw.split('\r\n').map((l) => l.length))).toBeLessThanOrEqual(998);
  });

  test('UTF-8, long lines, `=`, trailing spaces and lone dots come back byte for byte', async () => {
    const text = `Olá Zoë — 日本語 😀\n${'x= '.repeat(60)}\ntrailing space \ntab\t\n.\n..lead\n${'é'.repeat(200)}`;
    const { raw, parsed } = await parse({ ...base, text, html: `<p>${text}</p>` });
    expect(parsed.text).toBe(asParsed(text));
    expect(parsed.html).toBe(asParsed(`<p>${text}</p>`));
    const body = raw.slice(raw.indexOf('\r\n\r\n'));
    for (const line of body.split('\r\n')) {
      expect(line.length).toBeLessThanOrEqual(76);
      expect(line).not.toMatch(/[ \t]$/);
    }
  });

  test('a subject with non-ASCII, a line break or an encoded-word look-alike is encoded, never a header of its own', async () => {
    for (const subject of [
      'Café crème — ticket #12 😀',
      'Hello\r\nBcc: victim@example.com',
      'x\nX-Injected: yes',
      '=?UTF-8?B?SGk=?= literal',
      'ü'.repeat(300),
      '',
    ]) {
      const { raw, parsed } = await parse({ ...base, subject });
      expect(parsed.subject ?? '').toBe(subject);
      expect(parsed.headers.some((h) => h.key === 'bcc' || h.key === 'x-injected')).toBe(false);
      const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
      for (const line of head.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    }
  });

  test('what it cannot write plainly is left to nodemailer (null)', () => {
    expect(composeMime({ ...base, to: 'zoë@example.com' })).toBeNull();
    expect(composeMime({ ...base, to: 'a@example.com\r\nBcc: b@example.com' })).toBeNull();
    expect(composeMime({ ...base, to: '"quoted"@example.com' })).toBeNull();
    expect(composeMime({ ...base, to: `${'a'.repeat(250)}@example.com` })).toBeNull();
    expect(composeMime({ ...base, replyTo: 'r@x.example, s@y.example' })).toBeNull();
    expect(composeMime({ ...base, from: 'Desk, Inc. <a@b.example>' })).toBeNull();
    expect(composeMime({ ...base, from: 'Zoë <a@b.example>' })).toBeNull();
    expect(composeMime({ ...base, messageId: '<a\r\nb@c>' })).toBeNull();
    expect(composeMime({ ...base, headers: { 'X-Bad': 'a\r\nb' } })).toBeNull();
  });

  test("composeMessage: a plain mail is ours, anything else nodemailer's, and both read back with their envelope", async () => {
    const plain = await composeMessage(base);
    expect(typeof plain.raw).toBe('string');
    expect(plain.envelope).toEqual({ from: 'no-reply@insightdesk.local', to: ['ana@example.com'] });
    const bounced = await composeMessage({ ...base, bounceTo: 'bounces+t1@in.example' });
    expect(bounced.envelope.from).toBe('bounces+t1@in.example');

    // An internationalized recipient and a From name that needs quoting: nodemailer composes.
    const others: (MimeMail & { bounceTo?: string })[] = [
      { ...base, to: 'zoë@bücher.example', replyTo: 'r@x.example' },
      { ...base, from: 'Desk, Inc. <no-reply@insightdesk.local>', bounceTo: 'b@in.example' },
    ];
    for (const mail of others) {
      const { envelope, raw } = await composeMessage(mail);
      expect(Buffer.isBuffer(raw)).toBe(true);
      expect(envelope.from).toBe(mail.bounceTo ?? 'no-reply@insightdesk.local');
      expect(envelope.to).toHaveLength(1);
      const parsed = await PostalMime.parse(raw);
      expect(parsed.subject).toBe(base.subject);
      expect(parsed.messageId).toBe(base.messageId);
      expect(parsed.text).toBe(asParsed(base.text));
      expect(parsed.html?.trimEnd()).toBe(base.html);
      expect(parsed.headers.find((h) => h.key === 'x-insightdesk-template')?.value).toBe(
        'invitation',
      );
      expect(parsed.from?.address).toBe('no-reply@insightdesk.local');
    }
    // The address as given: nodemailer's connection asks for SMTPUTF8 where the server offers it.
    const idn = await composeMessage({ ...base, to: 'zoë@bücher.example' });
    expect(idn.envelope.to).toEqual(['zoë@bücher.example']);
  });

  test('the thread: In-Reply-To and References read back, one ID a line; an ID not plain is left out, in both composers', async () => {
    const root = '<k1.0123456789abcdef0123456789abcdef@insightdesk.local>';
    const customer = '<CAF=x+y_z.1@mail.example.com>';
    const unfit = [
      '<a b@example.com>',
      '<zoë@example.com>',
      `<${'x'.repeat(300)}@example.com>`,
      '<a@b>\r\nBcc: victim@example.com',
      'no-brackets@example.com',
    ];
    const thread = { inReplyTo: root, references: [customer, ...unfit, root] };
    const { raw, parsed } = await parse({ ...base, ...thread });
    expect(parsed.inReplyTo).toBe(root);
    expect(parsed.references).toBe(`${customer} ${root}`);
    expect(raw).toContain(`References: ${customer}\r\n ${root}\r\n`);
    expect(parsed.headers.some((h) => h.key === 'bcc')).toBe(false);
    const answering = await parse({ ...base, inReplyTo: unfit[3], references: [] });
    expect(answering.parsed.inReplyTo).toBeUndefined();
    expect(answering.raw).not.toContain('References:');

    const other = await composeMessage({ ...base, to: 'zoë@bücher.example', ...thread });
    const read = await PostalMime.parse(other.raw);
    expect(read.inReplyTo).toBe(root);
    expect(read.references?.split(/\s+/)).toEqual([customer, root]);
    expect(read.headers.some((h) => h.key === 'bcc')).toBe(false);
  });

  test('the envelope sender of a From address', () => {
    expect(addressOf('InsightDesk <no-reply@insightdesk.local>')).toBe(
      'no-reply@insightdesk.local',
    );
    expect(addressOf('no-reply@insightdesk.local')).toBe('no-reply@insightdesk.local');
    expect(addressOf('Zoë <no-reply@insightdesk.local>')).toBeNull();
  });
});

test('quoted-printable: soft breaks keep lines within 76 characters and decode to the input', () => {
  const encoded = quotedPrintable('a'.repeat(200));
  expect(encoded.split('\r\n').every((l) => l.length <= 76)).toBe(true);
  expect(encoded.replaceAll('=\r\n', '')).toBe('a'.repeat(200));
  expect(quotedPrintable('=')).toBe('=3D');
  expect(quotedPrintable('end ')).toBe('end=20');
});

test('quoted-printable: lines are cut at 75 characters, never inside an =XX, and read back as given', async () => {
  // Lengths around each cut, with spaces and tabs inside (never at the end), beside lines with
  // bytes to encode (a trailing space, `=`, UTF-8): each read back by postal-mime.
  const lines = [0, 1, 74, 75, 76, 149, 150, 151, 300].map((n) =>
    Array.from({ length: n }, (_, i) => (i % 7 === 3 ? ' ' : i % 11 === 5 ? '\t' : 'k')).join(''),
  );
  const mixed = [...lines, 'end ', 'a=b', `${'y'.repeat(80)}é`, 'x\t'];
  for (const line of lines) {
    const encoded = quotedPrintable(line.endsWith(' ') || line.endsWith('\t') ? `${line}k` : line);
    expect(encoded.split('\r\n').every((l) => l.length <= 76)).toBe(true);
  }
  expect(quotedPrintable('k'.repeat(75))).toBe('k'.repeat(75));
  expect(quotedPrintable('k'.repeat(76))).toBe(`${'k'.repeat(75)}=\r\nk`);
  expect(quotedPrintable('k'.repeat(150))).toBe(`${'k'.repeat(75)}=\r\n${'k'.repeat(75)}`);
  // An =XX that would end past 75 starts the next line: at 74 (=3D) and at 73 (é is =C3=A9).
  expect(quotedPrintable(`${'k'.repeat(74)}=`)).toBe(`${'k'.repeat(74)}=\r\n=3D`);
  expect(quotedPrintable(`${'k'.repeat(73)}é`)).toBe(`${'k'.repeat(73)}=\r\n=C3=A9`);
  expect(quotedPrintable(`${'k'.repeat(72)}=`)).toBe(`${'k'.repeat(72)}=3D`);
  expect(quotedPrintable('a \tb\t ')).toBe('a \tb\t=20');
  const text = mixed.map((l) => (/[ \t]$/.test(l) && lines.includes(l) ? `${l}k` : l)).join('\n');
  const raw = composeMime({ ...base, text });
  if (raw === null) throw new Error('not composed');
  expect((await PostalMime.parse(raw)).text).toBe(asParsed(text));
});
