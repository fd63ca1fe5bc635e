import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionReach } from '../../shapes/session-reach';
import type { Redis } from '../../valkey';
import type { VerifiedIdentity } from './client';

/**
 * What a sign-in keeps between its steps, in Valkey, each under the hash of its secret and
 * read once (GETDEL):
 *
 * - a flow (start → callback): the PKCE verifier and the nonce never leave the server; the
 *   `state` sent to the provider names the flow, and the flow is bound to the browser that
 *   started it by a cookie (its hash is stored), so a state — or a whole callback URL — carried
 *   to another browser signs nobody in (login CSRF, a leaked callback);
 * - a one-time code (callback → exchange): what the callback hands the app in the URL fragment
 *   instead of tokens; the app exchanges it once, within a minute, for our tokens;
 * - a link ticket (exchange → link): when the identity may be linked to an existing account
 *   only if its owner proves the password, the exchange hands the app this ticket, good for
 *   one attempt within a few minutes.
 */

export const FLOW_TTL_SECONDS = 600;
export const CODE_TTL_SECONDS = 60;
export const LINK_TICKET_TTL_SECONDS = 300;

const sha = (value: string) => createHash('sha256').update(value).digest('base64url');
const flowKey = (state: string) => `insightdesk:oidc:flow:${sha(state)}`;
const codeKey = (code: string) => `insightdesk:oidc:code:${sha(code)}`;
const ticketKey = (ticket: string) => `insightdesk:oidc:link:${sha(ticket)}`;

export interface PendingFlow {
  /** The provider's name in the sign-in URL: an organization's id, or a deployment provider. */
  readonly provider: string;
  readonly nonce: string;
  readonly verifier: string;
  /** The hash of the browser's flow cookie. */
  readonly browser: string;
}

export interface SignedInByProvider {
  readonly userId: string;
  /** What the session reaches (a provider of an organization: that organization). */
  readonly reach: SessionReach;
  /** The provider reported a second factor (`amr`); whether it counts: policy.ts. */
  readonly providerCheckedSecondFactor: boolean;
}

/** An identity that links to `userId` once its owner proves the account's password. */
export interface PendingLink {
  readonly userId: string;
  /** The provider's name in the sign-in URL (resolved again when the link is made). */
  readonly provider: string;
  readonly identity: VerifiedIdentity;
}

/** What a one-time code stands for: a sign-in, or a link its owner still has to prove. */
export type CodeOutcome = SignedInByProvider | { readonly link: PendingLink };

const randomSecret = () => randomBytes(32).toString('base64url');

export function createOidcFlows(valkey: Redis) {
  return {
    /** Stores a new flow; answers the browser's cookie value. */
    async begin(state: string, flow: Omit<PendingFlow, 'browser'>): Promise<string> {
      const cookie = randomSecret();
      const pending: PendingFlow = { ...flow, browser: sha(cookie) };
      await valkey.set(flowKey(state), JSON.stringify(pending), 'EX', FLOW_TTL_SECONDS);
      return cookie;
    },

    /**
     * The flow of `state`, spent whatever happens next (a state is good for one callback), or
     * undefined when unknown, expired, spent, or started by another browser.
     */
    async take(state: string, cookie: string | undefined): Promise<PendingFlow | undefined> {
      const text = await valkey.getdel(flowKey(state));
      if (!text || !cookie) return undefined;
      const flow = JSON.parse(text) as PendingFlow;
      const a = Buffer.from(flow.browser);
      const b = Buffer.from(sha(cookie));
      return a.length === b.length && timingSafeEqual(a, b) ? flow : undefined;
    },

    async issueCode(outcome: CodeOutcome): Promise<string> {
      const code = randomSecret();
      await valkey.set(codeKey(code), JSON.stringify(outcome), 'EX', CODE_TTL_SECONDS);
      return code;
    },

    async redeemCode(code: string): Promise<CodeOutcome | undefined> {
      const text = await valkey.getdel(codeKey(code));
      return text ? (JSON.parse(text) as CodeOutcome) : undefined;
    },

    async issueLinkTicket(link: PendingLink): Promise<string> {
      const ticket = randomSecret();
      await valkey.set(ticketKey(ticket), JSON.stringify(link), 'EX', LINK_TICKET_TTL_SECONDS);
      return ticket;
    },

    /** The link of a ticket, spent whatever happens next (one attempt per ticket). */
    async takeLinkTicket(ticket: string): Promise<PendingLink | undefined> {
      const text = await valkey.getdel(ticketKey(ticket));
      return text ? (JSON.parse(text) as PendingLink) : undefined;
    },
  };
}

export type OidcFlows = ReturnType<typeof createOidcFlows>;
