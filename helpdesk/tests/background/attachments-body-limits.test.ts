import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dbConfig, httpConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { type Owner, registerOwner } from '../../../tests/support/api';
import { eventually, ROOT, servicePort, startInstance } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';
import {
  answerOf,
  multipart,
  paddedPdf,
  scratchFiles,
  storedFiles,
  storedPath,
  upload,
  uploadUrl,
} from '../support/uploads';

// The upload has a body limit of its own (UPLOAD_LIMIT_BYTES), not the JSON routes' one
// (BODY_LIMIT_BYTES): a file larger than the JSON limit goes through, through nginx and straight
// to an api instance; one over the upload limit is refused by the api itself (problem+json naming
// the upload limit), whether its length is declared or it is streamed without one, and leaves
// nothing behind. The refusals run on an extra api instance with a small upload limit, still above
// the JSON limit, so that the limit named in the answer tells the two apart. Past the HTTP
// server's own ceiling, and when the client goes away, the api still keeps nothing and counts a
// 4xx (its /metrics), not a 500.

const http = loadConfig({ http: httpConfig }, { dir: ROOT }).http;
const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
  max: 1,
  onnotice: () => {},
});
const MiB = 1024 * 1024;
/** The extra instance's upload limit: twice the JSON limit. */
const SMALL_LIMIT = 2 * http.bodyLimitBytes;
const N = 4;

let small: { port: number; stop(): Promise<void> } | undefined;
let smallUrl = '';
let owner: Owner;

beforeAll(async () => {
  small = await startInstance('api', N, { UPLOAD_LIMIT_BYTES: String(SMALL_LIMIT) });
  smallUrl = `http://127.0.0.1:${small.port}`;
  owner = await registerOwner('Uploader');
}, 120_000);

afterAll(async () => {
  await small?.stop();
  await db.end();
});

const pdf = (size: number) => new Blob([paddedPdf(size)], { type: 'application/pdf' });

/** The stored and scratch files now: a refused upload must leave them as they were. */
const filesNow = () => ({
  stored: storedFiles(owner.orgId).sort(),
  scratch: scratchFiles().sort(),
});

/** What a refused upload leaves: the files as they were before it, no row for its ticket. */
async function expectNothingLeft(ticketId: string, before: ReturnType<typeof filesNow>) {
  expect(filesNow()).toEqual(before);
  const [row] = await db`select count(*)::int as n from attachments where ticket_id = ${ticketId}`;
  expect(row?.n).toBe(0);
}

/** The 413 the api itself answers, naming the limit that refused the upload. */
function expectRefusedByUploadLimit(res: Awaited<ReturnType<typeof answerOf>>, limit: number) {
  expect({
    status: res.status,
    type: res.headers.get('content-type'),
    code: res.body?.code,
    detail: res.body?.detail,
  }).toEqual({
    status: 413,
    type: expect.stringMatching(/^application\/problem\+json/),
    code: 'payload_too_large',
    detail: `The request body exceeds the limit of ${limit} bytes.`,
  });
}

/**
 * A POST whose head declares `contentLength` but whose body is never sent, on a socket of its
 * own: resolves with the answer's status line and body, which only come if the api answers from
 * the head alone.
 */
function headOnly(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ statusLine: string; headers: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    const done = (err?: Error) => {
      socket.destroy();
      if (err) reject(err);
    };
    socket.on('error', done);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const text = received.toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = text.slice(0, end);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? Number.NaN);
      const body = text.slice(end + 4);
      if (Number.isFinite(length) && Buffer.byteLength(body) < length) return;
      const [statusLine = '', ...lines] = head.split('\r\n');
      resolve({ statusLine, headers: lines.map((line) => line.toLowerCase()), body });
      done();
    });
    socket.on('close', () => reject(new Error('closed without an answer')));
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: api\r\n${Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('')}\r\n`,
    );
  });
}

/** Uploads `file` to the small instance as a body without a length (chunked). */
async function chunked(ticketId: string, file: Blob) {
  const { body, contentType } = multipart(file, 'stream.pdf');
  const bytes = new Uint8Array(await body.arrayBuffer());
  let offset = 0;
  // Produced as it is read (pull), as by a client streaming from elsewhere.
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(offset, offset + 64 * 1024));
      offset += 64 * 1024;
    },
  });
  return answerOf(
    await fetch(uploadUrl(owner.orgId, ticketId, smallUrl), {
      method: 'POST',
      headers: { Authorization: `Bearer ${owner.token}`, 'Content-Type': contentType },
      body: stream,
    }),
  );
}

/**
 * The small instance's answers to POST requests, by status (its /metrics; only this file's
 * requests reach it).
 */
async function postAnswers(): Promise<Record<string, number>> {
  const text = await (await fetch(`${smallUrl}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const [, status = '', count = '0'] of text.matchAll(
    /^http_requests_total\{method="POST",[^}]*status="(\d+)"[^}]*\} (\d+)$/gm,
  ))
    counts[status] = (counts[status] ?? 0) + Number(count);
  return counts;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** The small instance's POST answers once it has counted one more than `before`. */
function nextPostAnswer(before: Record<string, number>) {
  return eventually(async () => {
    const now = await postAnswers();
    return total(now) > total(before) ? now : undefined;
  });
}

describe('the upload’s own body limit', () => {
  test('a file three times the JSON body limit is stored whole, through nginx and straight from an api instance', async () => {
    const size = 3 * http.bodyLimitBytes;
    expect(size).toBeLessThan(http.uploadLimitBytes);
    const ticket = await openTicket(owner, owner.orgId);
    const bytes = paddedPdf(size);
    for (const baseUrl of [undefined, `http://127.0.0.1:${servicePort('api', 1)}`]) {
      const res = await upload(
        owner.token,
        owner.orgId,
        ticket.id,
        new Blob([bytes], { type: 'application/pdf' }),
        'scan.pdf',
        {},
        baseUrl,
      );
      expect({ via: baseUrl ?? 'nginx', status: res.status, size: res.body?.size }).toEqual({
        via: baseUrl ?? 'nginx',
        status: 201,
        size,
      });
      const stored = readFileSync(storedPath(owner.orgId, res.body.id));
      expect(Bun.hash(stored)).toBe(Bun.hash(bytes));
    }
    // Counted under its own route (not a wildcard of the JSON routes added after it).
    const metrics = await (await fetch(`http://127.0.0.1:${servicePort('api', 1)}/metrics`)).text();
    expect(metrics).toMatch(
      /^http_requests_total\{method="POST",route="\/api\/v1\/orgs\/:orgId\/tickets\/:ticketId\/attachments",status="201"[^}]*\} [1-9]/m,
    );
  });

  test('a declared length over the upload limit is refused from the request head, before a byte of the body is read', async () => {
    const ticket = await openTicket(owner, owner.orgId);
    const before = filesNow();
    const { contentType } = multipart(pdf(64), 'x.pdf');
    // Only the head is sent: an api that waited for the body would never answer.
    const answer = await headOnly(
      servicePort('api', N),
      `/api/v1/orgs/${owner.orgId}/tickets/${ticket.id}/attachments`,
      {
        Authorization: `Bearer ${owner.token}`,
        'Content-Type': contentType,
        'Content-Length': String(SMALL_LIMIT + MiB),
      },
    );
    expect(answer.statusLine).toStartWith('HTTP/1.1 413 ');
    expect(answer.headers.find((h) => h.startsWith('content-type:'))).toStartWith(
      'content-type: application/problem+json',
    );
    expect(JSON.parse(answer.body || '{}')).toMatchObject({
      code: 'payload_too_large',
      detail: `The request body exceeds the limit of ${SMALL_LIMIT} bytes.`,
    });

    // And a client that sends it all gets the same answer.
    const sent = await upload(
      owner.token,
      owner.orgId,
      ticket.id,
      pdf(SMALL_LIMIT + MiB),
      'big.pdf',
      {},
      smallUrl,
    );
    expectRefusedByUploadLimit(sent, SMALL_LIMIT);
    await expectNothingLeft(ticket.id, before);
  }, 30_000);

  test('a file over the upload limit in a body within its framing allowance is refused by the streamed count', async () => {
    const ticket = await openTicket(owner, owner.orgId);
    const before = filesNow();
    // The body's declared length passes the head's check (it allows for the multipart framing);
    // the file itself is one byte too many.
    const res = await upload(
      owner.token,
      owner.orgId,
      ticket.id,
      pdf(SMALL_LIMIT + 1),
      'edge.pdf',
      {},
      smallUrl,
    );
    expectRefusedByUploadLimit(res, SMALL_LIMIT);
    await expectNothingLeft(ticket.id, before);
  });

  test('streamed without a length (chunked): under the upload limit it is stored, over it the api refuses it and keeps nothing', async () => {
    const kept = await openTicket(owner, owner.orgId);
    const fits = await chunked(kept.id, pdf(SMALL_LIMIT - 1024));
    expect({ status: fits.status, size: fits.body?.size }).toEqual({
      status: 201,
      size: SMALL_LIMIT - 1024,
    });
    expect(storedFiles(owner.orgId)).toContain(fits.body.id);

    // Over the limit, the whole body within what the HTTP server lets through: the api's count
    // of the file's bytes is what refuses it.
    const ticket = await openTicket(owner, owner.orgId);
    const before = filesNow();
    const over = await chunked(ticket.id, pdf(SMALL_LIMIT + MiB));
    expectRefusedByUploadLimit(over, SMALL_LIMIT);
    await expectNothingLeft(ticket.id, before);
  });

  test('a chunked body past the HTTP server’s own ceiling: 413 whoever counts first, nothing kept, never a 500', async () => {
    const ticket = await openTicket(owner, owner.orgId);
    const before = filesNow();
    const answersBefore = await postAnswers();
    // Four times the limit, sent as fast as loopback allows: the api stops reading at the file's
    // limit and answers (problem+json), unless Bun's server, which receives ahead of what the
    // api has read, reaches its ceiling first and answers a bare 413 itself.
    const res = await chunked(ticket.id, pdf(4 * SMALL_LIMIT));
    expect(res.status).toBe(413);
    if (res.text !== '') expectRefusedByUploadLimit(res, SMALL_LIMIT);
    // Bun's own answer may leave before the api has finished with the cut-off body: the api
    // counts it as a 413 too (not a 500, not reported), and keeps nothing.
    const answers = await nextPostAnswer(answersBefore);
    expect(answers).toEqual({ ...answersBefore, 413: (answersBefore['413'] ?? 0) + 1 });
    await expectNothingLeft(ticket.id, before);
  });

  test('a client that goes away mid-upload: a 4xx for the api (not a 500, nothing reported), its scratch file removed', async () => {
    const ticket = await openTicket(owner, owner.orgId);
    const before = filesNow();
    const answersBefore = await postAnswers();
    const { body, contentType } = multipart(pdf(SMALL_LIMIT - 1024), 'gone.pdf');
    const bytes = Buffer.from(await body.arrayBuffer());
    const socket = connect(servicePort('api', N), '127.0.0.1');
    socket.on('error', () => {});
    socket.write(
      `POST /api/v1/orgs/${owner.orgId}/tickets/${ticket.id}/attachments HTTP/1.1\r\nHost: api\r\n` +
        `Authorization: Bearer ${owner.token}\r\nContent-Type: ${contentType}\r\n` +
        `Content-Length: ${bytes.length}\r\n\r\n`,
    );
    socket.write(bytes.subarray(0, 256 * 1024));
    // Gone once the api is writing the file.
    await eventually(() => scratchFiles().length > before.scratch.length);
    socket.destroy();
    const answers = await nextPostAnswer(answersBefore);
    expect(answers).toEqual({ ...answersBefore, 400: (answersBefore['400'] ?? 0) + 1 });
    await eventually(() => scratchFiles().length === before.scratch.length);
    await expectNothingLeft(ticket.id, before);
  });
});
