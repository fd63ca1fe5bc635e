import { beforeAll, describe, expect, test } from 'bun:test';
import { generateKeyPairSync } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dkimSign } from 'mailauth/lib/dkim/sign';
import { addMember, type Owner, registerOwner, uniqueEmail } from '../../../tests/support/api';
import { call } from '../../../tests/support/http';
import { waitForMail } from '../../../tests/support/mail';
import { smtpDialog } from '../../../tests/support/smtp';
import { DATA, eventually, processInfo, stack } from '../../../tests/support/stack';
import {
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
  transport,
} from './support';

const DNS_FILE = join(DATA, 'inbound-dns.json');

let owner: Owner;
let orgAddress: string;

/** The recorded mail with this Message-ID once processed. */
const processed = (id: string, orgId = owner.orgId) => processedIn(orgId, id);
const messagesOf = (ticketId: string) => messagesIn(owner, ticketId);

beforeAll(async () => {
  ({ owner, address: orgAddress } = await inboundDesk('Inbound'));
});

describe('inbound mail over SMTP', () => {
  let ticketId: string;
  let contact: string;
  let replyAddress: string;

  test('a mail to the organization opens a ticket from a contact, confirmed with a reply address', async () => {
    contact = uniqueEmail('casey');
    const id = messageId();
    const answer = await send(
      rawMail({ from: contact, to: orgAddress, id, subject: 'Where is my parcel?' }),
      { from: contact, to: orgAddress },
    );
    expect(answer).toStartWith('250');
    const row = await processed(id);
    expect(row.status).toBe('processed');
    expect(row.outcome).toBe('new ticket');
    ticketId = row.ticket_id ?? '';
    const ticket = await call(`/api/v1/orgs/${owner.orgId}/tickets/${ticketId}`, {
      token: owner.token,
    });
    expect(ticket.status).toBe(200);
    expect(ticket.body.subject).toBe('Where is my parcel?');
    expect(ticket.body.requester.name).toBe('Casey Contact');
    expect((await messagesOf(ticketId))[0]?.body).toBe('My order never came.');
    // A contact, not an account: no user has the address, so nobody can sign in as it.
    const [user] = await db`select 1 from users where lower(email) = lower(${contact})`;
    expect(user).toBeUndefined();
    const [confirmation] = await waitForMail(
      contact,
      1,
      (m) => m.template === 'ticket-confirmation',
    );
    replyAddress = await replyToOf(confirmation?.file ?? '');
    expect(replyAddress).toMatch(new RegExp(`^reply\\+[0-9a-f]{32}-[0-9a-f]{20}@${domain}$`));
    // The staff hear of it as of a ticket opened through the API.
    await waitForMail(
      owner.email,
      1,
      (m) => m.template === 'new-ticket' && m.subject.includes('parcel'),
    );
  });

  test('a reply to the reply address (swaks) becomes a message on the ticket', async () => {
    const id = messageId();
    const sent = await swaks([
      '--from',
      contact,
      '--to',
      replyAddress,
      ...TLS_ARGS,
      '--header',
      `Message-Id: ${id}`,
      '--header',
      'Subject: Re: Where is my parcel?',
      '--body',
      'Still nothing.\n\nOn Mon, 23 Nov 2026 the help desk wrote:\n> We are looking into it.',
    ]);
    expect(sent.code).toBe(0);
    const row = await processed(id);
    expect(row.outcome).toBe('reply (reply address)');
    expect(row.ticket_id).toBe(ticketId);
    const messages = await messagesOf(ticketId);
    // The quoted history is trimmed.
    expect(messages.at(-1)?.body).toBe('Still nothing.');
    expect(messages.at(-1)?.author.name).toBe('Casey Contact');
  });

  test('a reply threaded by In-Reply-To alone (to the organization address) joins the ticket', async () => {
    const agent = await addMember(owner, 'agent');
    const replied = await call(`/api/v1/orgs/${owner.orgId}/tickets/${ticketId}/messages`, {
      token: agent.token,
      body: { body: 'It left our warehouse today.' },
    });
    expect(replied.status).toBe(201);
    const [ours] = await waitForMail(contact, 1, (m) => m.template === 'reply');
    expect(ours?.messageId).toBeTruthy();
    const id = messageId();
    await send(
      rawMail({
        from: contact,
        to: orgAddress,
        id,
        subject: 'Re: your answer',
        body: 'Thanks, it arrived.',
        extra: [`In-Reply-To: ${ours?.messageId}`],
      }),
      { from: contact, to: orgAddress },
    );
    const row = await processed(id);
    expect(row.outcome).toBe('reply (threaded)');
    expect(row.ticket_id).toBe(ticketId);
    expect((await messagesOf(ticketId)).at(-1)?.body).toBe('Thanks, it arrived.');

    // Someone else answering the same mail is not added: held for the organization's admins.
    const stranger = uniqueEmail('stranger');
    const strangerId = messageId();
    await send(
      rawMail({
        from: stranger,
        to: orgAddress,
        id: strangerId,
        body: 'Me too!',
        extra: [`In-Reply-To: ${ours?.messageId}`],
      }),
      { from: stranger, to: orgAddress },
    );
    const held = await processed(strangerId);
    expect(held.status).toBe('held');
    expect(held.outcome).toBe('not a participant of the ticket');
    expect((await messagesOf(ticketId)).map((m) => m.body)).not.toContain('Me too!');

    // The admins see it among the held mails, with its ticket; another organization does not.
    const mails = `/api/v1/orgs/${owner.orgId}/inbound/mails`;
    const heldList = await call(`${mails}?status=held`, { token: owner.token });
    expect(heldList.status).toBe(200);
    expect(heldList.body.items.map((m: { id: string }) => m.id)).toContain(held.id);
    expect(heldList.body.items.every((m: { status: string }) => m.status === 'held')).toBe(true);
    expect(heldList.body.items.find((m: { id: string }) => m.id === held.id).ticketId).toBe(
      ticketId,
    );
    expect((await call(`${mails}?status=HELD`, { token: owner.token })).status).toBe(400);
    const other = await registerOwner('Other');
    const otherMails = `/api/v1/orgs/${other.orgId}/inbound/mails`;
    expect((await call(`${otherMails}?status=held`, { token: other.token })).body.items).toEqual(
      [],
    );
    const post = (path: string, token = owner.token) => call(path, { method: 'POST', token });
    expect((await post(`${otherMails}/${held.id}/release`, other.token)).status).toBe(404);
    expect((await post(`${mails}/${held.id}/release`, other.token)).status).toBe(404);
    expect((await post(`${mails}/${held.id.toUpperCase()}/release`)).status).toBe(404);
    expect((await post(`${mails}/${held.id}/release`, agent.token)).status).toBe(403);

    // Released: the stranger's message on the ticket, once; a second release finds it not held.
    expect((await post(`${mails}/${held.id}/release`)).status).toBe(204);
    expect((await messagesOf(ticketId)).filter((m) => m.body === 'Me too!')).toHaveLength(1);
    expect((await post(`${mails}/${held.id}/release`)).status).toBe(404);
    expect((await post(`${mails}/${held.id}/discard`)).status).toBe(404);
    const released =
      await db`select status, outcome, message_id from inbound_emails where id = ${held.id}`;
    expect(released[0]?.status).toBe('processed');
    expect(released[0]?.message_id).toBeTruthy();

    // Another stranger's reply, discarded: dropped, nothing on the ticket.
    const second = messageId();
    await send(
      rawMail({
        from: stranger,
        to: orgAddress,
        id: second,
        body: 'Me three!',
        extra: [`In-Reply-To: ${ours?.messageId}`],
      }),
      { from: stranger, to: orgAddress },
    );
    const heldAgain = await processed(second);
    expect(heldAgain.status).toBe('held');
    expect((await post(`${mails}/${heldAgain.id}/discard`)).status).toBe(204);
    expect((await post(`${mails}/${heldAgain.id}/release`)).status).toBe(404);
    const dropped = await db`select status from inbound_emails where id = ${heldAgain.id}`;
    expect(dropped[0]?.status).toBe('dropped');
    expect((await messagesOf(ticketId)).map((m) => m.body)).not.toContain('Me three!');
  });

  test('a forged reply token, or a real one from another sender, is refused at RCPT (550)', async () => {
    const forged = replyAddress.replace(/-[0-9a-f]{20}@/, '-0123456789abcdef0123@');
    const tls = TLS_ARGS;
    const a = await swaks(['--from', contact, '--to', forged, ...tls, '--body', 'forged']);
    expect(a.code).not.toBe(0);
    expect(a.out).toContain('550');
    const b = await swaks(['--from', uniqueEmail('intruder'), '--to', replyAddress, ...tls]);
    expect(b.code).not.toBe(0);
    expect(b.out).toContain('550 5.7.1');
    const unknown = await swaks(['--from', contact, '--to', `nobody-here@${domain}`, ...tls]);
    expect(unknown.out).toContain('550 5.1.1');
    const elsewhere = await swaks(['--from', contact, '--to', 'someone@example.com', ...tls]);
    expect(elsewhere.out).toContain('550 5.1.1');
  });

  test('an auto-reply opens nothing and is not answered (RFC 3834)', async () => {
    const robot = uniqueEmail('vacation');
    for (const header of [
      'Auto-Submitted: auto-replied',
      'Precedence: bulk',
      'X-Autoreply: yes',
      'X-Auto-Response-Suppress: All',
    ]) {
      const id = messageId();
      await send(rawMail({ from: robot, to: orgAddress, id, extra: [header] }), {
        from: robot,
        to: orgAddress,
      });
      const row = await processed(id);
      expect(row.status).toBe('dropped');
      expect(row.outcome).toStartWith('automatic mail');
      expect(row.ticket_id).toBeNull();
    }
    const [contactRow] = await db`select 1 from contacts where lower(email) = lower(${robot})`;
    expect(contactRow).toBeUndefined();
    const [sentTo] =
      await db`select 1 from email_deliveries where lower(recipient) = lower(${robot})`;
    expect(sentTo).toBeUndefined();
  });

  test('our own mail coming back is dropped (no loop)', async () => {
    const id = messageId();
    await send(
      rawMail({
        from: 'no-reply@insightdesk.local',
        to: orgAddress,
        id,
        extra: ['X-InsightDesk-Template: ticket-confirmation'],
      }),
      { from: 'no-reply@insightdesk.local', to: orgAddress },
    );
    const row = await processed(id);
    expect(row.status).toBe('dropped');
    expect(row.outcome).toBe('our own mail come back (loop)');
  });

  test('a delivery status report marks the contact bounced: nothing more is mailed to it', async () => {
    const bouncing = uniqueEmail('gone');
    const openId = messageId();
    await send(rawMail({ from: bouncing, to: orgAddress, id: openId }), {
      from: bouncing,
      to: orgAddress,
    });
    const opened = await processed(openId);
    const id = messageId();
    const boundary = 'dsn-boundary';
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.example.test>',
      `To: ${orgAddress}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: ${id}`,
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.test',
      '',
      `Final-Recipient: rfc822; ${bouncing}`,
      'Action: failed',
      'Status: 5.1.1',
      '',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    // A bounce comes with a null sender.
    await send(dsn, { from: '', to: orgAddress });
    const row = await processed(id);
    expect(row.outcome).toBe('bounce: 1 contact(s) marked');
    const [c] =
      await db`select bounced_at from contacts where org_id = ${owner.orgId} and lower(email) = lower(${bouncing})`;
    expect(c?.bounced_at).not.toBeNull();
    // An answer to the bounced contact's ticket is not mailed.
    const answered = await call(
      `/api/v1/orgs/${owner.orgId}/tickets/${opened.ticket_id}/messages`,
      { token: owner.token, body: { body: 'Are you there?' } },
    );
    expect(answered.status).toBe(201);
    const { queueClient } = await import('../../../tests/support/queues');
    const { deployment } = await import('../../../tests/support/deployment');
    const email = queueClient(deployment.queues.email);
    try {
      const job = await eventually(() => email.queue.getJob(`reply-${answered.body.id}`));
      const result = await email.finished(job);
      expect(result).toEqual({
        skipped: 'gone, or its requester is not mailed (left, or bounced)',
      });
    } finally {
      await email.close();
    }
  });

  test('a message over SIZE is refused with 552 while it streams, and nothing is stored', async () => {
    const smtp = await smtpDialog();
    try {
      expect(await smtp.say()).toStartWith('220');
      const ehlo = await smtp.say('EHLO client.example.test');
      const size = Number(/SIZE (\d+)/.exec(ehlo)?.[1]);
      expect(size).toBeGreaterThan(0);
      // Declared too big: refused at MAIL FROM.
      expect(await smtp.say(`MAIL FROM:<big@example.test> SIZE=${size + 1}`)).toStartWith('552');
      // Not declared: refused after the data, which was not kept.
      expect(await smtp.say('MAIL FROM:<big@example.test>')).toStartWith('250');
      expect(await smtp.say(`RCPT TO:<${orgAddress}>`)).toStartWith('250');
      expect(await smtp.say('DATA')).toStartWith('354');
      const id = messageId();
      smtp.write(`Message-ID: ${id}\r\nSubject: big\r\n\r\n`);
      const line = `${'x'.repeat(998)}\r\n`;
      const chunk = line.repeat(1000);
      for (let sent = 0; sent <= size; sent += chunk.length) smtp.write(chunk);
      expect(await smtp.say('.')).toStartWith('552');
      const [stored] = await db`select 1 from inbound_emails where message_key = ${id}`;
      expect(stored).toBeUndefined();
    } finally {
      smtp.close();
    }
  });

  test('too many recipients (452) and too many connections from one address (421)', async () => {
    const smtp = await smtpDialog();
    try {
      await smtp.say();
      await smtp.say('EHLO client.example.test');
      await smtp.say('MAIL FROM:<many@example.test>');
      // Sub-addresses of the organization (`<slug>+<tag>@`): twenty are taken, the next is not.
      const [local, host] = orgAddress.split('@');
      const answers: string[] = [];
      for (let i = 0; i < 21; i++) answers.push(await smtp.say(`RCPT TO:<${local}+t${i}@${host}>`));
      expect(answers.slice(0, 20).every((a) => a.startsWith('250'))).toBe(true);
      expect(answers[20]).toStartWith('452');
    } finally {
      smtp.close();
    }
    const open = await Promise.all(Array.from({ length: 10 }, () => smtpDialog()));
    try {
      for (const s of open) expect(await s.say()).toStartWith('220');
      const extra = await smtpDialog();
      expect(await extra.say()).toStartWith('421');
      extra.close();
      // A refused connection's close frees no place: the cap still holds after it.
      await Bun.sleep(300);
      const again = await smtpDialog();
      expect(await again.say()).toStartWith('421');
      again.close();
    } finally {
      for (const s of open) s.close();
    }
  });

  test('a From address longer than SMTP carries is no address: the envelope sender writes', async () => {
    const id = messageId();
    const sender = uniqueEmail('long-from');
    // 3,000 characters: past the 2,704 bytes a b-tree entry of the contacts' index may hold.
    const raw = rawMail({ from: `${'x'.repeat(3000)}@example.test`, to: orgAddress, id });
    expect(await send(raw, { from: sender, to: orgAddress })).toStartWith('250');
    const row = await processed(id);
    expect(row.status).toBe('processed');
    const ticket = await call(`/api/v1/orgs/${owner.orgId}/tickets/${row.ticket_id}`, {
      token: owner.token,
    });
    expect(ticket.body.requester.name).toBe(sender); // no From: named by its address
    const [contactRow] = await db<{ email: string }[]>`
      select c.email from tickets t join contacts c on c.id = t.contact_id
       where t.id = ${row.ticket_id}`;
    expect(contactRow?.email).toBe(sender);
  });

  test('malformed MIME is stored as text, not a crash', async () => {
    const id = messageId();
    const sender = uniqueEmail('broken');
    const raw = [
      `From: ${sender}`,
      `To: ${orgAddress}`,
      `Message-ID: ${id}`,
      'Subject: =?utf-8?B?broken',
      'Content-Type: multipart/mixed; boundary="never-closed"',
      '',
      '--never-closed',
      'Content-Type: text/plain; charset=no-such-charset',
      'Content-Transfer-Encoding: base64',
      '',
      'this is !!! not base64 ***',
      '--never-closed',
      'Content-Type: application/octet-stream',
      '',
      '\u0000\u0001 garbage',
    ].join('\r\n');
    await send(raw, { from: sender, to: orgAddress });
    const row = await processed(id);
    expect(row.status).toBe('processed');
    expect(row.ticket_id).not.toBeNull();
    expect((await messagesOf(row.ticket_id ?? '')).length).toBe(1);
  });

  test('DKIM: a signed mail passes, the same mail tampered with fails (and is flagged)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const selector = `s${Date.now().toString(36)}`;
    const signer = 'signed.example.test';
    const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    writeFileSync(
      DNS_FILE,
      JSON.stringify({ [`${selector}._domainkey.${signer} TXT`]: [[`v=DKIM1; k=rsa; p=${spki}`]] }),
    );
    try {
      const from = `alice-${Date.now().toString(36)}@${signer}`;
      const sign = async (raw: string) => {
        // The documented form (README: signatureData); the bundled types describe one signature.
        const options = {
          signatureData: [
            {
              signingDomain: signer,
              selector,
              privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
            },
          ],
        } as unknown as Parameters<typeof dkimSign>[1];
        const signed = await dkimSign(raw, options);
        return signed.signatures + raw;
      };
      const goodId = messageId();
      const good = await sign(
        rawMail({ from, to: orgAddress, id: goodId, body: 'Signed and true.' }),
      );
      await send(good, { from, to: orgAddress });
      const passed = await processed(goodId);
      expect(passed.authentication?.dkim).toBe('pass');
      expect(passed.outcome).toBe('new ticket');

      const badId = messageId();
      const signed = await sign(
        rawMail({ from, to: orgAddress, id: badId, body: 'Pay invoice 1.' }),
      );
      await send(signed.replace('Pay invoice 1.', 'Pay invoice 9.'), { from, to: orgAddress });
      const failed = await processed(badId);
      // mailauth reports a body changed after signing as `neutral` (body hash did not verify).
      expect(failed.authentication?.dkim).not.toBe('pass');
      expect(failed.authentication?.failed).toBe(true);
      expect(failed.outcome).toBe('new ticket; flagged: failed SPF/DKIM/DMARC');
    } finally {
      rmSync(DNS_FILE, { force: true });
    }
  });

  test("a mail's files go through the upload's rules and pipeline", async () => {
    const sender = uniqueEmail('files');
    const id = messageId();
    const pixel = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    await transport.sendMail({
      from: sender,
      to: orgAddress,
      subject: 'Screenshot attached',
      text: 'See the picture.',
      messageId: id,
      attachments: [
        { filename: 'pixel.png', content: pixel, contentType: 'image/png' },
        // An executable, whatever it claims to be: refused.
        {
          filename: 'invoice.pdf',
          content: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0)]),
          contentType: 'application/pdf',
        },
        { filename: '../../etc/passwd', content: 'root:x:0:0', contentType: 'text/plain' },
      ],
    });
    const row = await processed(id);
    expect(row.outcome).toBe('new ticket; attachments: 1 kept, 2 refused');
    const ready = await eventually(async () => {
      const [a] = await db<{ filename: string; content_type: string; status: string }[]>`
        select filename, content_type, status from attachments where ticket_id = ${row.ticket_id}`;
      return a?.status === 'ready' ? a : undefined;
    }, 30_000);
    expect(ready).toEqual({ filename: 'pixel.png', content_type: 'image/png', status: 'ready' });
  });

  test('the same Message-ID twice is stored once', async () => {
    const id = messageId();
    const sender = uniqueEmail('twice');
    const raw = rawMail({ from: sender, to: orgAddress, id });
    expect(await send(raw, { from: sender, to: orgAddress })).toStartWith('250');
    expect(await send(raw, { from: sender, to: orgAddress })).toStartWith('250');
    await processed(id);
    const rows = await db`select id from inbound_emails where message_key = ${id}`;
    expect(rows.length).toBe(1);
    const tickets = await db`select t.id from tickets t join contacts c on c.id = t.contact_id
      where lower(c.email) = lower(${sender})`;
    expect(tickets.length).toBe(1);
  });

  test('the ingress SIGKILLed right after a 250: the mail is there once after the restart', async () => {
    const id = messageId();
    const sender = uniqueEmail('crash');
    expect(
      await send(rawMail({ from: sender, to: orgAddress, id }), { from: sender, to: orgAddress }),
    ).toStartWith('250');
    const { pid } = await processInfo('inbound-1');
    if (!pid) throw new Error('inbound-1 is not running');
    process.kill(pid, 'SIGKILL');
    await stack('start', 'inbound-1');
    const row = await processed(id);
    expect(row.status).toBe('processed');
    // The client, unsure, sends it again: still one.
    await send(rawMail({ from: sender, to: orgAddress, id }), { from: sender, to: orgAddress });
    expect((await db`select 1 from inbound_emails where message_key = ${id}`).length).toBe(1);
  });
});

describe('service levels of tickets that came by mail', () => {
  test("a mailed ticket's timers run from the mail, a recomputation keeps them, and a contact's mailed reply makes the next response due", async () => {
    const { owner: desk, address } = await inboundDesk('InboundSla');
    const policy = {
      name: 'Mail',
      isDefault: true,
      targets: { firstResponse: 120, nextResponse: 60, resolution: null },
    };
    const created = await call(`/api/v1/orgs/${desk.orgId}/sla/policies`, {
      token: desk.token,
      body: policy,
    });
    expect(created.status).toBe(201);
    const sender = uniqueEmail('timed');
    const id = messageId();
    expect(
      await send(rawMail({ from: sender, to: address, id }), { from: sender, to: address }),
    ).toStartWith('250');
    const ticketPath = `/api/v1/orgs/${desk.orgId}/tickets/${(await processed(id, desk.orgId)).ticket_id}`;
    const slaOf = async () => (await call(ticketPath, { token: desk.token })).body;
    // Minutes from `from` to a due time (the default calendar runs around the clock).
    const minutes = (due: string | null, from: string) =>
      due === null ? null : (Date.parse(due) - Date.parse(from)) / 60_000;
    const opened = await slaOf();
    expect(opened.sla.policy.name).toBe('Mail');
    expect(minutes(opened.sla.firstResponseDueAt, opened.createdAt)).toBe(120);
    // The settings change: the worker computes every open ticket again from its history, where
    // the contact's mail is the customer's, not a response to it.
    const changed = await call(`/api/v1/orgs/${desk.orgId}/sla/policies/${created.body.id}`, {
      method: 'PUT',
      token: desk.token,
      body: { ...policy, targets: { ...policy.targets, firstResponse: 90 } },
    });
    expect(changed.status).toBe(200);
    await eventually(
      async () => minutes((await slaOf()).sla.firstResponseDueAt, opened.createdAt) === 90,
      30_000,
    );
    // Answered (the first response met), then the contact writes back by mail.
    const answered = await call(`${ticketPath}/messages`, {
      token: desk.token,
      body: { body: 'We are looking into it.' },
    });
    expect(answered.status).toBe(201);
    expect((await slaOf()).sla).toMatchObject({
      firstResponseDueAt: null,
      nextResponseDueAt: null,
    });
    const [confirmation] = await waitForMail(
      sender,
      1,
      (m) => m.template === 'ticket-confirmation',
    );
    const replyAddress = await replyToOf(confirmation?.file ?? '');
    const replyId = messageId();
    expect(
      await send(rawMail({ from: sender, to: replyAddress, id: replyId, body: 'Still nothing.' }), {
        from: sender,
        to: replyAddress,
      }),
    ).toStartWith('250');
    const reply = await processed(replyId, desk.orgId);
    expect(reply.outcome).toBe('reply (reply address)');
    const messages = await call(`${ticketPath}/messages`, { token: desk.token });
    const mailed = messages.body.items.find((m: { id: string }) => m.id === reply.message_id);
    expect(minutes((await slaOf()).sla.nextResponseDueAt, mailed.createdAt)).toBe(60);
  }, 60_000);
});
