import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig, storageConfig } from '@insightdesk/shared/config';
import { BASE_URL, CA, ROOT } from '../../../tests/support/stack';

/** Where the local stack's api keeps files (`<dir>/files/<org>/…`) and uploads in flight (`tmp/`). */
const storageDir = resolve(ROOT, loadConfig({ storage: storageConfig }, { dir: ROOT }).storage.dir);

const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
/** The stored files (originals, thumbnails) of an organization. */
export const storedFiles = (orgId: string) => list(join(storageDir, 'files', orgId));
/** The path of one stored file. */
export const storedPath = (orgId: string, name: string) => join(storageDir, 'files', orgId, name);
/** Uploads being received (or left behind by one that failed). */
export const scratchFiles = () => list(join(storageDir, 'tmp'));

/**
 * A PDF of exactly `size` bytes (the sniffer reads its header; the rest is a comment's padding),
 * for uploads larger than any fixture.
 */
export function paddedPdf(size: number): Uint8Array {
  const head = new TextEncoder().encode('%PDF-1.4\n%');
  const tail = new TextEncoder().encode('\n%%EOF\n');
  const out = new Uint8Array(size).fill(0x41);
  out.set(head, 0);
  out.set(tail, size - tail.length);
  return out;
}

/**
 * A multipart body written by hand, so that the file name and part type are exactly what the
 * test says (a FormData encoder may tidy a name like "../x" up).
 */
export function multipart(file: Blob, filename: string): { body: Blob; contentType: string } {
  const boundary = `----insightdesk${crypto.randomUUID()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${file.type || 'application/octet-stream'}\r\n\r\n`;
  return {
    body: new Blob([head, file, `\r\n--${boundary}--\r\n`]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** An upload's URL on nginx (the default) or another api. */
export const uploadUrl = (orgId: string, ticketId: string, baseUrl = BASE_URL) =>
  `${baseUrl}/api/v1/orgs/${orgId}/tickets/${ticketId}/attachments`;

/** An answer's status, headers, text and JSON body (when it is JSON). */
export async function answerOf(res: Response) {
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: answers of several shapes
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {}
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** Uploads `file` as the multipart field `file` (its length declared). */
export async function upload(
  token: string,
  orgId: string,
  ticketId: string,
  file: Blob,
  filename: string,
  headers: Record<string, string> = {},
  /** Another api than nginx's (an extra instance a test started). */
  baseUrl = BASE_URL,
) {
  const { body, contentType } = multipart(file, filename);
  const res = await fetch(uploadUrl(orgId, ticketId, baseUrl), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType, ...headers },
    body,
    tls: CA ? { ca: CA } : {},
  });
  return answerOf(res);
}
