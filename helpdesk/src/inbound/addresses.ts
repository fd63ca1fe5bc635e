import type { Executor } from '@insightdesk/shared/db';
import { ticketForMail } from '../tickets/mail-read-model';
import type { ReplyTokens } from './reply-token';
import { orgBySlug } from './settings';

/** Where an address of ours leads: an organization's address, or a ticket's reply address. */
export type Route =
  | { readonly kind: 'organization'; readonly orgId: string }
  | {
      readonly kind: 'reply';
      readonly orgId: string;
      readonly ticketId: string;
      readonly mac: string;
    };

/** `local@domain`, split at the last `@`, both lower-cased. */
export function splitAddress(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  return { local: address.slice(0, at).toLowerCase(), domain: address.slice(at + 1).toLowerCase() };
}

/** The route of `address` on `domain`, or null when no such mailbox exists. */
export async function routeOf(
  db: Executor,
  tokens: ReplyTokens,
  domain: string,
  address: string,
): Promise<Route | null> {
  const parts = splitAddress(address);
  if (!parts || parts.domain !== domain) return null;
  const token = tokens.parse(parts.local);
  if (token) {
    const ticket = await ticketForMail(db, token.ticketId);
    return ticket ? { kind: 'reply', orgId: ticket.org_id, ...token } : null;
  }
  // `<slug>+<tag>@`: a sub-address of the organization's (a tag the sender chose; ignored).
  const slug = parts.local.split('+')[0] ?? '';
  if (!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(slug)) return null;
  const org = await orgBySlug(db, slug);
  return org ? { kind: 'organization', orgId: org.orgId } : null;
}
