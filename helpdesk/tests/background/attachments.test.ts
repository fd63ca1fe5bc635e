import { describe, expect, test } from 'bun:test';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { attachmentsQueue } from '@insightdesk/helpdesk';
import { dbConfig, loadConfig, storageConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { team, uniqueEmail } from '../../../tests/support/api';
import { call, isProblem } from '../../../tests/support/http';
import { waitForMail } from '../../../tests/support/mail';
import { queueClient } from '../../../tests/support/queues';
import { subscribed } from '../../../tests/support/realtime';
import { CA, eventually, processInfo, ROOT, rssPeaks } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';
import { scratchFiles, storedFiles, upload } from '../support/uploads';

const storage = loadConfig({ storage: storageConfig }, { dir: ROOT }).storage;
const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
  max: 1,
  onnotice: () => {},
});

// A real 64×48 PNG, and a minimal PDF: the bytes decide the type.
const PNG = new Uint8Array(readFileSync(join(ROOT, 'tests/fixtures/diagram.png')));
const PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

/**
 * A real PNG of `width` × `height` black pixels: a few hundred kilobytes on the wire, about
 * 150 MB once decoded (at 7,000 × 7,000) — an image bomb.
 */
function blankPng(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    out.set(data, 8);
    out.writeUInt32BE(Bun.hash.crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  // Every row: filter byte 0 and black pixels.
  const pixels = deflateSync(Buffer.alloc((width * 3 + 1) * height), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', new Uint8Array()),
  ]);
}

function sign(key: string, expires: number) {
  return createHmac('sha256', storage.signingSecret)
    .update(`${key}\n${expires}`)
    .digest('base64url');
}

describe('attachments', () => {
  test('an image becomes ready with a thumbnail; signed URLs serve the bytes and expire', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId);
    const live = await subscribed(t.requester.token, t.orgId);
    const res = await upload(
      t.requester.token,
      t.orgId,
      ticket.id,
      new Blob([PNG], { type: 'image/png' }),
      'diagram.png',
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      filename: 'diagram.png',
      contentType: 'image/png',
      size: PNG.length,
      status: 'pending',
    });

    await live.until(() => live.of('attachment.ready').length === 1);
    expect(live.of('attachment.ready')[0]?.data.attachment).toMatchObject({
      id: res.body.id,
      hasThumbnail: true,
    });
    const got = await call(
      `/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/attachments/${res.body.id}`,
      { token: t.agent.token },
    );
    expect(got.body.status).toBe('ready');

    const original = await fetch(got.body.url, { tls: CA ? { ca: CA } : {} });
    expect(original.status).toBe(200);
    expect(original.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await original.arrayBuffer())).toEqual(PNG);
    const thumbnail = await fetch(got.body.thumbnailUrl, { tls: CA ? { ca: CA } : {} });
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    const bytes = new Uint8Array(await thumbnail.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(8, 12))).toBe('WEBP');

    // The same link, expired, and tampered with.
    const key = new URL(got.body.url).pathname.replace('/api/v1/files/', '');
    const past = Math.floor(Date.now() / 1000) - 5;
    const expired = await call(`/api/v1/files/${key}?expires=${past}&sig=${sign(key, past)}`);
    expect(expired.status).toBe(403);
    expect(expired.body.code).toBe('url_expired');
    const forged = await call(`/api/v1/files/${key}?expires=${past + 3600}&sig=${sign(key, past)}`);
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('invalid_signature');
    live.socket.disconnect();
  });

  test('a file is stored and served under the extension of the type its bytes show', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId);
    const page = new Blob(['<html><script>alert(document.cookie)</script></html>\n'], {
      type: 'text/plain',
    });
    const res = await upload(t.requester.token, t.orgId, ticket.id, page, 'invoice.html');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ filename: 'invoice.txt', contentType: 'text/plain' });
    const ready = await eventually(async () => {
      const got = await call(
        `/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/attachments/${res.body.id}`,
        { token: t.requester.token },
      );
      return got.body.status === 'ready' ? got : undefined;
    });
    const served = await fetch(ready.body.url, { tls: CA ? { ca: CA } : {} });
    expect(served.headers.get('content-type')).toStartWith('text/plain');
    expect(served.headers.get('content-disposition')).toContain("filename*=UTF-8''invoice.txt");
    // A name whose extension fits the bytes is kept; one without an extension gets one.
    for (const [name, expected] of [
      ['notes.md', 'notes.md'],
      ['README', 'README.txt'],
    ]) {
      const kept = await upload(
        t.requester.token,
        t.orgId,
        ticket.id,
        new Blob(['plain text\n'], { type: 'text/plain' }),
        name as string,
      );
      expect(kept.body.filename).toBe(expected);
    }
  });

  test('a PDF is ready without a thumbnail; other requesters and organizations see 404', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId);
    const res = await upload(
      t.requester.token,
      t.orgId,
      ticket.id,
      new Blob([PDF], { type: 'application/pdf' }),
      'invoice.pdf',
    );
    expect(res.status).toBe(201);
    const url = `/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/attachments/${res.body.id}`;
    const ready = await eventually(async () => {
      const r = await call(url, { token: t.requester.token });
      return r.body.status === 'ready' ? r : undefined;
    });
    expect(ready.body.thumbnailUrl).toBeUndefined();
    expect(ready.body.contentType).toBe('application/pdf');
    expect((await call(url, { token: t.requester2.token })).status).toBe(404);
    const other = await team();
    expect((await call(url, { token: other.owner.token })).status).toBe(404);
    const foreign = await upload(t.requester2.token, t.orgId, ticket.id, new Blob([PDF]), 'x.pdf');
    expect(foreign.status).toBe(404);
  });

  test('deleting a ticket removes its attachments’ files, thumbnails included, and only theirs', async () => {
    const t = await team();
    const [doomed, kept] = [
      await openTicket(t.requester, t.orgId),
      await openTicket(t.requester, t.orgId),
    ];
    const attach = async (ticketId: string, file: Blob, name: string) => {
      const res = await upload(t.requester.token, t.orgId, ticketId, file, name);
      expect(res.status).toBe(201);
      await eventually(async () => {
        const got = await call(
          `/api/v1/orgs/${t.orgId}/tickets/${ticketId}/attachments/${res.body.id}`,
          { token: t.requester.token },
        );
        return got.body.status === 'ready';
      });
      return res.body.id as string;
    };
    const image = await attach(doomed.id, new Blob([PNG], { type: 'image/png' }), 'a.png');
    const pdf = await attach(doomed.id, new Blob([PDF], { type: 'application/pdf' }), 'a.pdf');
    const other = await attach(kept.id, new Blob([PNG], { type: 'image/png' }), 'b.png');
    const keptFiles = [other, `${other}.thumb.webp`].sort();
    expect(storedFiles(t.orgId).sort()).toEqual(
      [image, `${image}.thumb.webp`, pdf, ...keptFiles].sort(),
    );

    const deleted = await call(`/api/v1/orgs/${t.orgId}/tickets/${doomed.id}`, {
      method: 'DELETE',
      token: t.admin.token,
    });
    expect(deleted.status).toBe(204);
    await eventually(() => storedFiles(t.orgId).length === keptFiles.length);
    expect(storedFiles(t.orgId).sort()).toEqual(keptFiles);
  });

  test('processing that fails on its last attempt leaves the attachment failed, not pending', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId);
    // An attachment whose stored file is gone: every attempt fails to read it.
    const id = crypto.randomUUID();
    await db`insert into attachments
               (id, org_id, ticket_id, uploaded_by, filename, content_type, size, storage_key)
             values (${id}, ${t.orgId}, ${ticket.id}, ${t.requester.user.id}, 'lost.png',
                     'image/png', 10, ${`${t.orgId}/${id}`})`;
    const attachments = queueClient(attachmentsQueue);
    try {
      const job = await attachments.handle.add(
        'process',
        { orgId: t.orgId, attachmentId: id },
        { attempts: 2, backoff: { type: 'fixed', delay: 100 } },
      );
      await expect(attachments.finished(job)).rejects.toThrow();
    } finally {
      await attachments.close();
    }
    const res = await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/attachments/${id}`, {
      token: t.requester.token,
    });
    expect(res.body.status).toBe('failed');
    expect(res.body.failureReason).toBe('The file could not be processed; upload it again later.');
  });

  test('Idempotency-Key on an upload: a retry replays the first answer, one attachment, one file', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId);
    const tmpBefore = scratchFiles().length;
    const key = crypto.randomUUID();
    const send = (file: Blob, name: string) =>
      upload(t.requester.token, t.orgId, ticket.id, file, name, { 'Idempotency-Key': key });
    const pdf = () => new Blob([PDF], { type: 'application/pdf' });

    const first = await send(pdf(), 'invoice.pdf');
    const retry = await send(pdf(), 'invoice.pdf'); // a new multipart boundary, same file
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(first.body.id);

    const other = await send(new Blob([PNG], { type: 'image/png' }), 'other.png');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');

    const [row] =
      await db`select count(*)::int as n from attachments where ticket_id = ${ticket.id}`;
    expect(row?.n).toBe(1);
    expect(storedFiles(t.orgId)).toEqual([first.body.id]);
    expect(scratchFiles().length).toBe(tmpBefore);
  });

  test('oversized, empty, mislabeled, unknown and path-traversal uploads are refused and leave nothing behind', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId);
    const tmpBefore = scratchFiles().length;
    const cases: [string, Blob, string, number, string][] = [
      ['empty', new Blob([]), 'empty.png', 400, 'empty_file'],
      [
        'mislabeled type',
        new Blob([PNG], { type: 'application/pdf' }),
        'scan.pdf',
        415,
        'unsupported_media_type',
      ],
      ['mislabeled name', new Blob([PDF]), 'photo.jpg', 415, 'unsupported_media_type'],
      [
        'unknown',
        new Blob([new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0])]),
        'tool',
        415,
        'unsupported_media_type',
      ],
      [
        'traversal',
        new Blob([PNG], { type: 'image/png' }),
        '../../etc/passwd.png',
        400,
        'invalid_filename',
      ],
      [
        'windows traversal',
        new Blob([PNG], { type: 'image/png' }),
        '..\\..\\boot.png',
        400,
        'invalid_filename',
      ],
    ];
    for (const [label, blob, name, status, code] of cases) {
      const res = await upload(t.requester.token, t.orgId, ticket.id, blob, name);
      const problem = res.headers.get('content-type')?.startsWith('application/problem+json');
      expect({ label, status: res.status, problem, code: res.body?.code }).toEqual({
        label,
        status,
        problem: true,
        code,
      });
    }
    const big = await upload(
      t.requester.token,
      t.orgId,
      ticket.id,
      new Blob([PNG, new Uint8Array(25 * 1024 * 1024)], { type: 'image/png' }),
      'huge.png',
    );
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toStartWith('application/problem+json');

    expect(storedFiles(t.orgId)).toEqual([]);
    expect(scratchFiles().length).toBe(tmpBefore);
    const [row] =
      await db`select count(*)::int as n from attachments where ticket_id = ${ticket.id}`;
    expect(row?.n).toBe(0);
    expect(
      isProblem(
        await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/attachments`, {
          method: 'POST',
          token: t.requester.token,
          body: { file: 'x' },
        }),
      ),
    ).toBe(true);
    await db.end();
  });

  test('a burst of image bombs: each fails with its reason, the workers stay up and bounded, mail flows', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId);
    const bomb = blankPng(7000, 7000);
    const workers = await Promise.all(['worker-1', 'worker-2'].map(processInfo));
    const memory = rssPeaks(workers.map((w) => w.pid ?? 0));
    let sampled: ReturnType<typeof memory.stop>;
    try {
      const uploads = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          upload(
            t.requester.token,
            t.orgId,
            ticket.id,
            new Blob([bomb], { type: 'image/png' }),
            `bomb-${i}.png`,
          ),
        ),
      );
      expect(uploads.map((u) => u.status)).toEqual(uploads.map(() => 201));
      // Mail is not queued behind the images: an invitation goes out meanwhile.
      const invitee = uniqueEmail('during-bombs');
      const invited = await call(`/api/v1/orgs/${t.orgId}/invitations`, {
        token: t.owner.token,
        body: { email: invitee, role: 'agent' },
      });
      expect(invited.status).toBe(201);
      await waitForMail(invitee);
      for (const u of uploads) {
        const failed = await eventually(async () => {
          const res = await call(
            `/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/attachments/${u.body.id}`,
            { token: t.requester.token },
          );
          return res.body.status === 'failed' ? res : undefined;
        }, 60_000);
        expect(failed.body.failureReason).toContain('too large to preview (7000 × 7000 pixels');
      }
    } finally {
      sampled = memory.stop();
    }
    const after = await Promise.all(['worker-1', 'worker-2'].map(processInfo));
    expect(after.map((w) => w.pid)).toEqual(workers.map((w) => w.pid));
    expect(after.map((w) => w.restarts)).toEqual(workers.map((w) => w.restarts));
    console.log(`image bombs: worker RSS ${sampled.text}`);
    // A normal image after the burst is still thumbnailed.
    const normal = await upload(
      t.requester.token,
      t.orgId,
      ticket.id,
      new Blob([PNG], { type: 'image/png' }),
      'after.png',
    );
    await eventually(async () => {
      const res = await call(
        `/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/attachments/${normal.body.id}`,
        { token: t.requester.token },
      );
      return res.body.status === 'ready';
    });
  }, 180_000);
});
