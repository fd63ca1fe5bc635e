import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import postgres from 'postgres';
import { type Owner, registerOwner } from '../../../tests/support/api';
import { call } from '../../../tests/support/http';
import { CA, eventually, ports, ROOT } from '../../../tests/support/stack';

// Mail through the stack's SMTP ingress: which attachment types a mail keeps, the ticket's
// attachments and the organization's mails listed a page at a time, a contact renamed by a later
// mail and not by an earlier one.

const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
  max: 1,
  onnotice: () => {},
});
// STARTTLS with the stack's certificate: nodemailer refuses to send without it.
const transport = nodemailer.createTransport({
  host: '127.0.0.1',
  port: ports.inboundPort,
  secure: false,
  requireTLS: true,
  tls: { ca: CA, servername: 'localhost' },
});
const PNG = readFileSync(join(ROOT, 'tests/fixtures/diagram.png'));
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
const ZIP = Buffer.from('504b0304140000000800', 'hex');

let owner: Owner;
let address = '';
const sender = `casey-${Date.now().toString(36)}@client.example.test`;
let sent = 0;

beforeAll(async () => {
  owner = await registerOwner('Lists');
  const slug = `lists-${Date.now().toString(36)}`;
  const set = await call(`/api/v1/orgs/${owner.orgId}/inbound`, {
    method: 'PUT',
    token: owner.token,
    body: { slug, authPolicy: 'flag' },
  });
  expect(set.status).toBe(200);
  address = set.body.address;
});
afterAll(async () => {
  transport.close();
  await db.end();
});

const mails = () => `/api/v1/orgs/${owner.orgId}/inbound/mails`;

/** Sends a mail from the contact (`name`: its From's display name); answers its record once processed. */
async function send(
  name: string | null,
  subject: string,
  attachments: SendMailOptions['attachments'] = [],
) {
  const messageId = `<lists-${Date.now().toString(36)}-${sent++}@client.example.test>`;
  await transport.sendMail({
    from: name ? { name, address: sender } : sender,
    to: address,
    subject,
    text: `${subject}, please.`,
    messageId,
    attachments,
  });
  const count = sent;
  return eventually(async () => {
    const res = await call(`${mails()}?limit=100`, { token: owner.token });
    const done = res.body.items.filter((m: { status: string }) => m.status !== 'received');
    return done.length >= count ? done[0] : undefined;
  }, 30_000);
}

const requesterName = async (ticketId: string) =>
  (await call(`/api/v1/orgs/${owner.orgId}/tickets/${ticketId}`, { token: owner.token })).body
    .requester.name;

describe('inbound mail: attachments, lists, contacts', () => {
  let firstTicket = '';

  test('a mail keeps its PNG and PDF, refuses the rest; the ticket lists them a page at a time', async () => {
    const mail = await send('Casey Contact', 'Broken invoice', [
      { filename: 'diagram.png', content: PNG, contentType: 'image/png' },
      { filename: 'invoice.pdf', content: PDF, contentType: 'application/pdf' },
      { filename: 'setup.exe', content: EXE, contentType: 'application/octet-stream' },
      { filename: 'archive.zip', content: ZIP, contentType: 'application/zip' },
    ]);
    expect(mail.status).toBe('processed');
    expect(mail.outcome).toContain('attachments: 2 kept, 2 refused');
    firstTicket = mail.ticketId;
    expect(await requesterName(firstTicket)).toBe('Casey Contact');

    const list = `/api/v1/orgs/${owner.orgId}/tickets/${firstTicket}/attachments`;
    const first = await call(`${list}?limit=1`, { token: owner.token });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(`${list}?limit=1&cursor=${first.body.nextCursor}`, {
      token: owner.token,
    });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const both = [...first.body.items, ...second.body.items];
    expect(both.map((a: { contentType: string }) => a.contentType).sort()).toEqual([
      'application/pdf',
      'image/png',
    ]);
    // Each as `GET …/attachments/{id}` answers it (its status may move on meanwhile: the
    // worker makes the thumbnails).
    const fixed = (a: Record<string, unknown>) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
    });
    for (const a of both) {
      const one = await call(`${list}/${a.id}`, { token: owner.token });
      expect(fixed(one.body)).toEqual(fixed(a));
    }
    // Another organization's member, a stranger's cursor: not found, refused.
    const other = await registerOwner('ListsOther');
    expect((await call(list, { token: other.token })).status).toBe(404);
    expect((await call(`${list}?cursor=not-a-cursor`, { token: owner.token })).status).toBe(400);
  }, 60_000);

  test('a later mail with another display name renames the contact; one without a name does not', async () => {
    const renamed = await send('Casey Jones', 'Still broken');
    expect(renamed.ticketId).not.toBe(firstTicket);
    expect(await requesterName(firstTicket)).toBe('Casey Jones');
    await send(null, 'No name this time');
    expect(await requesterName(firstTicket)).toBe('Casey Jones');
    // A name given by a mail received after this one's (as a held mail released late would be):
    // the older mail's name does not replace it.
    await db`update contacts set named_by = 'ffffffff-ffff-7fff-bfff-ffffffffffff'
              where org_id = ${owner.orgId} and lower(email) = ${sender}`;
    await send('C. J. (old signature)', 'An older name');
    expect(await requesterName(firstTicket)).toBe('Casey Jones');
  }, 60_000);

  test("the organization's mails, newest first, a page at a time, each once", async () => {
    const seen: { id: string; receivedAt: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: {
        status: number;
        body: { items: { id: string; receivedAt: string }[]; nextCursor: string | null };
      } = await call(`${mails()}?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: owner.token,
      });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toHaveLength(sent);
    expect(pages).toBe(Math.ceil(sent / 2));
    expect(new Set(seen.map((m) => m.id)).size).toBe(sent);
    const times = seen.map((m) => m.receivedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect((await call(`${mails()}?limit=101`, { token: owner.token })).status).toBe(400);
    expect((await call(`${mails()}?cursor=nope`, { token: owner.token })).status).toBe(400);
  }, 30_000);
});
