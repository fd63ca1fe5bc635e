import { createHmac } from 'node:crypto';

/**
 * Our Message-IDs: `<k1.<32 hex>@<domain>>`, the hex an HMAC-SHA256 of the mail's dedupe key
 * under a key derived from the server's secret. Deterministic per delivery: a mail sent again
 * (the crash window of deliveries.ts) carries the same Message-ID, and receivers that
 * de-duplicate by it show one message. Unguessable without the secret: a Message-ID of ours named
 * in an answer's In-Reply-To or References shows that its sender holds a mail we sent (or was
 * shown one by whoever does), which is all threading relies on.
 *
 * The unkeyed form, `<32 hex@domain>` (a SHA-256 of the dedupe key alone), is computable by
 * anyone who knows what a mail was about; deliveries recorded under it never thread
 * (`isKeyedMessageId`).
 */

const KEYED = /^<k1\.[0-9a-f]{32}@[^<>\s@]+>$/;

export function messageIds(secret: string, domain: string) {
  const key = createHmac('sha256', secret).update('insightdesk message-id v1').digest();
  return {
    /** The Message-ID of the mail sent once per `dedupeKey`. */
    of(dedupeKey: string): string {
      const mac = createHmac('sha256', key).update(dedupeKey).digest('hex').slice(0, 32);
      return `<k1.${mac}@${domain}>`;
    },
  };
}

/** Whether `id` is of the keyed form: only such Message-IDs of ours may thread an answer. */
export const isKeyedMessageId = (id: string) => KEYED.test(id);
