import type { Database } from '../db';
import type { Logger } from '../logger';
import { emptyCatalog, type ProductCatalog, type ProductConfig } from './catalog';

/** What the SMTP ingress hands a product's part (services/inbound). */
export interface InboundProductDeps<C extends ProductCatalog> {
  readonly database: Database;
  readonly logger: Logger;
  /** Its configuration: its declared groups, loaded. */
  readonly config: ProductConfig<C>;
  /** The key that signs mailed links (INVITATION_SECRET): a product derives its reply tokens from it. */
  readonly mailLinkSecret: string;
}

/** An SMTP answer: a code (4xx try later, 5xx refused) and its text. */
export interface SmtpRefusal {
  readonly code: number;
  readonly message: string;
}

/** One mail as the ingress received it, whole, after the size limit held. */
export interface InboundMail {
  /** MAIL FROM; empty for a null sender (a bounce). */
  readonly mailFrom: string;
  /** The RCPT TO addresses the product accepted (one route each). */
  readonly recipients: readonly string[];
  readonly remoteAddress: string;
  /** The name the client gave in HELO/EHLO. */
  readonly helo: string;
  readonly raw: Uint8Array;
}

export interface InboundParts {
  /**
   * RCPT TO (after MAIL FROM, `mailFrom` empty for a null sender): null accepts the address, a
   * refusal answers it (550 no such mailbox, 4xx later).
   */
  recipient(address: string, mailFrom: string): Promise<SmtpRefusal | null>;
  /**
   * Records the mail durably — committed, with whatever sets off its processing — before it
   * resolves: the ingress answers 250 only then, so a crash after the 250 loses nothing. Null:
   * recorded (or recorded already: a duplicate is accepted and stored once); a refusal answers
   * DATA instead (a rate limit's 4xx).
   */
  record(mail: InboundMail): Promise<SmtpRefusal | null>;
}

/** A product's part in the SMTP ingress. */
export interface InboundProduct<C extends ProductCatalog = ProductCatalog> {
  readonly catalog: C;
  start(deps: InboundProductDeps<C>): InboundParts;
}

/** The ingress with no product: no recipient exists. */
export const emptyInboundProduct: InboundProduct<typeof emptyCatalog> = {
  catalog: emptyCatalog,
  start: () => ({
    recipient: async () => ({ code: 550, message: '5.1.1 No such mailbox' }),
    record: async () => ({ code: 554, message: '5.7.1 No recipients' }),
  }),
};
