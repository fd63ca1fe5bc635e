import { checkedFile } from '@insightdesk/shared/api';
import type { Database, Executor } from '@insightdesk/shared/db';
import type { Logger } from '@insightdesk/shared/logger';
import { deliveriesByMessageId } from '@insightdesk/shared/mail';
import type { DnsResolver } from '@insightdesk/shared/net';
import { attachmentKey, type Storage } from '@insightdesk/shared/storage';
import { createContactAttachment } from '../attachments';
import { addContactMessage } from '../commands/contact-message';
import { openTicketFromMail } from '../commands/open-ticket';
import { ticketOfMessage } from '../messages';
import type { SlaSettings } from '../sla/config';
import { ticketForMail } from '../tickets';
import { splitAddress } from './addresses';
import { type AuthVerdict, authenticateMail } from './authenticate';
import type { InboundSettings } from './config';
import { contactFor, markContactBounced } from './contacts';
import {
  claimInboundEmail,
  finishInboundEmail,
  type Outcome,
  type StoredMail,
} from './inbound-emails';
import {
  automaticBecause,
  failedRecipients,
  isOurOwnMail,
  MAX_ATTACHMENTS,
  type ParsedMail,
  parseMail,
} from './parse';
import type { ReplyTokens } from './reply-token';
import { inboundSettingsOf } from './settings';

/**
 * A recorded mail becomes what it is, once (the mail's row is locked and marked in the same
 * transaction as the ticket or message it makes; a job run again finds it processed):
 *
 *   our own mail come back        dropped (a loop)
 *   a delivery status report      its failed recipients marked bounced: nothing more is mailed to them
 *   failing SPF/DKIM/DMARC        as the organization's policy says: accepted, flagged, or refused
 *   to a reply address            a message on its ticket (its token made for the envelope sender:
 *                                 checked at RCPT, and here again; else held)
 *   In-Reply-To / References      a message on the ticket of the mail of ours it answers, if the
 *     naming a mail of ours       sender is the ticket's requester; else held (not a participant).
 *     (its keyed Message-ID)      An unkeyed one proves nothing (message-id.ts): not a reply
 *   else, from a person           a new ticket from the sender as a contact
 *   else, automatic (RFC 3834)    dropped: an auto-reply never opens a ticket, so nothing answers it
 */
export function inboundProcessing(deps: {
  readonly database: Database;
  readonly tokens: ReplyTokens;
  readonly config: InboundSettings;
  readonly resolver: DnsResolver;
  readonly logger: Logger;
  readonly storage: Storage;
  readonly sla: SlaSettings;
}) {
  const { database, tokens, config } = deps;
  const db = database.db;

  /**
   * The mail's files, through the upload's rules (a plain name, an allowed type its bytes show),
   * stored under new ids before the rows that name them commit: a rolled-back run leaves a file
   * no row names (the retry stores under new ids). Before the ticket or message is written, so
   * that no upload runs while the transaction holds its ticket's locks (lockSlaSettings).
   */
  async function storeFiles(orgId: string, parsed: ParsedMail) {
    const stored: Parameters<typeof createContactAttachment>[4][] = [];
    let refused = Math.max(0, parsed.attachments.length - MAX_ATTACHMENTS);
    for (const file of parsed.attachments.slice(0, MAX_ATTACHMENTS)) {
      const checked = await checkedFile(file.content, file.contentType, file.filename).catch(
        () => null,
      );
      if (!checked) {
        refused++;
        continue;
      }
      const id = Bun.randomUUIDv7();
      const storageKey = attachmentKey(orgId, id);
      await deps.storage.putBytes(storageKey, file.content, checked.contentType);
      stored.push({ id, ...checked, size: file.content.byteLength, storageKey });
    }
    return { stored, refused };
  }

  /**
   * The stored files' rows on the ticket, into the upload's pipeline (`attachment.uploaded`:
   * thumbnail, then ready); answers what the mail's outcome says of them.
   */
  async function attach(
    tx: Executor,
    target: { orgId: string; ticketId: string; contactId: string },
    { stored, refused }: Awaited<ReturnType<typeof storeFiles>>,
  ): Promise<string> {
    for (const file of stored)
      await createContactAttachment(tx, target.orgId, target.ticketId, target.contactId, file);
    if (stored.length + refused === 0) return '';
    return `; attachments: ${stored.length} kept${refused ? `, ${refused} refused` : ''}`;
  }

  /** The ticket a mail of ours that this one answers was about (its dedupe key says). */
  async function threadedTicket(parsed: ParsedMail): Promise<string | null> {
    const ids = [...parsed.inReplyTo, ...parsed.references.reverse()];
    for (const delivery of await deliveriesByMessageId(db, ids)) {
      const [kind, id] = delivery.dedupeKey.split(':');
      if (kind === 'ticket-created' && id) return id;
      if (kind === 'reply' && id) {
        const ticketId = await ticketOfMessage(db, id);
        if (ticketId) return ticketId;
      }
    }
    return null;
  }

  async function decide(
    tx: Executor,
    mail: StoredMail,
    parsed: ParsedMail,
    auth: AuthVerdict,
  ): Promise<Outcome> {
    const authentication = { ...auth };
    const sender = parsed.from?.address ?? mail.mailFrom.toLowerCase();
    const failed = failedRecipients(mail.raw);
    if (failed) {
      let marked = 0;
      for (const address of failed) marked += await markContactBounced(tx, mail.orgId, address);
      return {
        status: 'processed',
        outcome: `bounce: ${marked} contact(s) marked`,
        authentication,
      };
    }
    if (auth.action === 'rejected') {
      return {
        status: 'refused',
        outcome: 'failed SPF/DKIM/DMARC (policy: reject)',
        authentication,
      };
    }
    if (!sender || !splitAddress(sender)) {
      return { status: 'dropped', outcome: 'no sender address', authentication };
    }
    const automatic = automaticBecause(mail.raw, mail.mailFrom);
    const token = tokens.parse(splitAddress(mail.rcptTo)?.local ?? '');
    // The ingress refuses a reply address not made for the envelope sender; checked again here,
    // so that no recorded mail posts on a ticket under a token that is not its sender's.
    if (token && !tokens.verify(token, mail.mailFrom)) {
      return { status: 'held', outcome: 'reply address not made for the sender', authentication };
    }
    const ticketId = token ? token.ticketId : await threadedTicket(parsed);
    if (ticketId) {
      const ticket = await ticketForMail(tx, ticketId);
      if (!ticket || ticket.org_id !== mail.orgId) {
        return { status: 'held', outcome: 'answers a ticket that is gone', authentication };
      }
      // The reply address was made for the requester; a threaded reply must come from them.
      const participant = token !== null || ticket.requester_email.toLowerCase() === sender;
      if (!participant || !ticket.contact_id) {
        // The ticket is kept with it: an admin may release it there (commands/held-mail.ts).
        return {
          status: 'held',
          outcome: 'not a participant of the ticket',
          authentication,
          ticketId,
        };
      }
      const contact = await contactFor(
        tx,
        mail.orgId,
        sender,
        parsed.from?.name ?? sender,
        mail.id,
      );
      const files = await storeFiles(mail.orgId, parsed);
      const messageId = await addContactMessage(
        tx,
        { orgId: mail.orgId, ticketId, contactId: contact.id, body: parsed.text },
        deps.sla,
      );
      const attached = await attach(
        tx,
        { orgId: mail.orgId, ticketId, contactId: contact.id },
        files,
      );
      return {
        status: 'processed',
        outcome: (token ? 'reply (reply address)' : 'reply (threaded)') + attached,
        authentication,
        ticketId,
        messageId,
      };
    }
    if (token) return { status: 'held', outcome: 'reply address without a ticket', authentication };
    if (automatic) {
      return { status: 'dropped', outcome: `automatic mail (${automatic})`, authentication };
    }
    const contact = await contactFor(tx, mail.orgId, sender, parsed.from?.name ?? sender, mail.id);
    const files = await storeFiles(mail.orgId, parsed);
    const opened = await openTicketFromMail(
      tx,
      { orgId: mail.orgId, contactId: contact.id, subject: parsed.subject, body: parsed.text },
      deps.sla,
    );
    const attached = await attach(
      tx,
      { orgId: mail.orgId, ticketId: opened.ticketId, contactId: contact.id },
      files,
    );
    return {
      status: 'processed',
      outcome:
        (parsed.malformed ? 'new ticket (MIME unreadable: kept as text)' : 'new ticket') + attached,
      authentication,
      ...opened,
    };
  }

  return async function processInbound(orgId: string, inboundId: string) {
    // Parsed and authenticated outside the transaction (DNS may take seconds); decided inside.
    const peek = await claimInboundEmail(db, orgId, inboundId);
    if (!peek) return { skipped: 'processed already, or gone' };
    const settings = await inboundSettingsOf(db, orgId);
    const ours = isOurOwnMail(peek.raw);
    const parsed = await parseMail(peek.raw);
    const auth = await authenticateMail(
      peek.raw,
      {
        remoteAddress: peek.remoteAddress,
        helo: peek.helo,
        mailFrom: peek.mailFrom,
        mta: config.domain,
      },
      settings?.authPolicy ?? 'flag',
      deps.resolver,
    ).catch((err) => {
      deps.logger.warn({ err, inboundId }, 'mail authentication failed to run');
      return {
        spf: 'temperror',
        dkim: 'temperror',
        dmarc: 'temperror',
        failed: false,
        action: 'accepted',
      } as const;
    });
    return database.db.transaction(async (tx) => {
      const mail = await claimInboundEmail(tx, orgId, inboundId);
      if (!mail) return { skipped: 'processed already' };
      const decided: Outcome = ours
        ? { status: 'dropped', outcome: 'our own mail come back (loop)' }
        : await decide(tx, mail, parsed, auth);
      const outcome =
        auth.action === 'flagged' && decided.status === 'processed'
          ? { ...decided, outcome: `${decided.outcome}; flagged: failed SPF/DKIM/DMARC` }
          : decided;
      await finishInboundEmail(tx, mail.id, outcome);
      return { status: outcome.status, outcome: outcome.outcome };
    });
  };
}
