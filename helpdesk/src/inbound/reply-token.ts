import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Reply addresses: `reply+<ticket id, 32 hex>-<mac, 20 hex>@<INBOUND_DOMAIN>`. The MAC (HMAC-SHA256
 * under a key derived from the one that signs mailed links) binds the ticket to the address the
 * mail was sent to: a reply from anyone else, or with a changed ticket, does not verify. Lower-case
 * hex only, 59 characters: within SMTP's 64 for a local part, and safe from case-folding relays.
 */

const MAC_HEX = 20;

const keyOf = (secret: string) =>
  createHmac('sha256', secret).update('insightdesk inbound reply token v1').digest();

function mac(key: Buffer, ticketId: string, recipient: string): string {
  return createHmac('sha256', key)
    .update(`${ticketId.toLowerCase()}\n${recipient.toLowerCase()}`)
    .digest('hex')
    .slice(0, MAC_HEX);
}

export function replyTokens(secret: string) {
  const key = keyOf(secret);
  return {
    /** The local part for mail about `ticketId` to `recipient`. */
    localPart(ticketId: string, recipient: string): string {
      return `reply+${ticketId.replaceAll('-', '')}-${mac(key, ticketId, recipient)}`;
    },
    /** The ticket named by a reply local part, its MAC unchecked yet (`verify`); null: not one. */
    parse(localPart: string): { ticketId: string; mac: string } | null {
      const m = /^reply\+([0-9a-f]{32})-([0-9a-f]{20})$/.exec(localPart.toLowerCase());
      if (!m?.[1] || !m[2]) return null;
      const h = m[1];
      const ticketId = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
      return { ticketId, mac: m[2] };
    },
    /**
     * Whether the token was made for `ticketId` and `sender` (constant time). Never for an empty
     * sender (SMTP's null sender): no reply address is made for one.
     */
    verify(token: { ticketId: string; mac: string }, sender: string): boolean {
      if (sender === '') return false;
      const expected = Buffer.from(mac(key, token.ticketId, sender));
      const given = Buffer.from(token.mac);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}

export type ReplyTokens = ReturnType<typeof replyTokens>;
