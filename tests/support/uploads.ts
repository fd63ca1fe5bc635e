import { BASE_URL, CA } from './stack';

/**
 * A multipart body written by hand, so that the file name and part type are exactly what the
 * test says (a FormData encoder may tidy a name like "../x" up).
 */
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
  const boundary = `----insightdesk${crypto.randomUUID()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${file.type || 'application/octet-stream'}\r\n\r\n`;
  const body = new Blob([head, file, `\r\n--${boundary}--\r\n`]);
  const res = await fetch(`${baseUrl}/api/v1/orgs/${orgId}/tickets/${ticketId}/attachments`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      ...headers,
    },
    body,
    tls: CA ? { ca: CA } : {},
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: answers of several shapes
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {}
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: parsed,
  };
}
