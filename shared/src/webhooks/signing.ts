import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): a secret is `whsec_` and the
 * base64 of 24–64 random bytes; a delivery is signed with HMAC-SHA256 over `id.timestamp.body`
 * under the decoded bytes, sent as `v1,<base64>` — several, space-separated, while a rotated-out
 * secret is still in its grace period.
 */
const PREFIX = 'whsec_';
const SECRET_BYTES = 32;

/** A fresh secret, shown once to whoever created or rotated it. */
export const newWebhookSecret = (): string =>
  `${PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;

/** The HMAC key a secret stands for. */
function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}

/** The `webhook-signature` header: one `v1,<base64>` per secret. */
export function signatureHeader(
  secrets: readonly string[],
  messageId: string,
  timestampSeconds: number,
  body: string,
): string {
  const content = `${messageId}.${timestampSeconds}.${body}`;
  return secrets
    .map((secret) => `v1,${createHmac('sha256', keyOf(secret)).update(content).digest('base64')}`)
    .join(' ');
}

/** The three Standard Webhooks headers of one attempt (the timestamp is the attempt's). */
export function webhookHeaders(
  secrets: readonly string[],
  messageId: string,
  body: string,
  now = new Date(),
): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(secrets, messageId, timestamp, body),
  };
}
