import { checkedFile } from '@insightdesk/shared/api';
import type { Database, Executor } from '@insightdesk/shared/db';
import type { Logger } from '@insightdesk/shared/logger';
import { deliveriesByMessageId } from '@insightdesk/shared/mail';
import type { DnsResolver } from '@insightdesk/shared/net';
import { attachmentKey, type Storage } from '@insightdesk/shared/storage';
import { createContactAttachment } from '../attachments';
import { splitAddress } from '../inbound/addresses';
import { type AuthVerdict, authenticateMail } from '../inbound/authenticate';
import type { InboundSettings } from '../inbound/config';
import { contactFor, markContactBounced } from '../inbound/contacts';
import {
  attachmentsNote,
  decideAnswer,
  flaggedNote,
  type InboundDecision,
  type MailFacts,
  triageMail,
} from '../inbound/decide';
import {
  claimInboundEmail,
  finishInboundEmail,
  type Outcome,
  type StoredMail,
} from '../inbound/inbound-emails';
import {
  automaticBecause,
  failedRecipients,
  isOurOwnMail,
  MAX_ATTACHMENTS,
  type ParsedMail,
  parseMail,
} from '../inbound/parse';
import type { ReplyTokens } from '../inbound/reply-token';
import { inboundSettingsOf } from '../inbound/settings';
import type { SlaSettings } from '../sla/config';
import { ticketForMail, ticketOfMessage } from '../tickets/mail-read-model';
import { addContactMessage } from './contact-message';
import { openTicketFromMail } from './open-ticket';

/**
 * A recorded mail becomes what the decision table says (inbound/decide.ts), once: the mail's row
 * is locked and marked in the same transaction as the ticket or message it makes; a job run again
 * finds it processed.
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
    return attachmentsNote(stored.length, refused);
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

  /** What the mail is, as the decision table reads it. */
  function factsOf(
    mail: StoredMail,
    parsed: ParsedMail,
    auth: AuthVerdict,
    ours: boolean,
  ): MailFacts {
    const sender = parsed.from?.address ?? mail.mailFrom.toLowerCase();
    const token = tokens.parse(splitAddress(mail.rcptTo)?.local ?? '');
    return {
      orgId: mail.orgId,
      ours,
      failedRecipients: failedRecipients(mail.raw),
      auth: auth.action,
      sender: sender && splitAddress(sender) ? sender : null,
      automatic: automaticBecause(mail.raw, mail.mailFrom),
      replyAddress: token
        ? { ticketId: token.ticketId, forSender: tokens.verify(token, mail.mailFrom) }
        : null,
    };
  }

  /** The table's decision: the ticket it answers is looked up only for the rows that need it. */
  async function decide(tx: Executor, facts: MailFacts, parsed: ParsedMail) {
    const early = triageMail(facts);
    if (early) return early;
    const ticketId = facts.replyAddress?.ticketId ?? (await threadedTicket(parsed));
    const found = ticketId ? await ticketForMail(tx, ticketId) : null;
    const answered = found && {
      id: found.id,
      orgId: found.org_id,
      requesterEmail: found.requester_email,
      byContact: found.contact_id !== null,
    };
    return decideAnswer(facts, { ticketId, answered });
  }

  /** Does what was decided; answers the mail's outcome. */
  async function apply(
    tx: Executor,
    mail: StoredMail,
    parsed: ParsedMail,
    facts: MailFacts,
    decision: InboundDecision,
  ): Promise<Outcome> {
    switch (decision.action) {
      case 'drop':
        return { status: 'dropped', outcome: decision.outcome };
      case 'refuse':
        return { status: 'refused', outcome: decision.outcome };
      case 'hold':
        return { status: 'held', outcome: decision.outcome, ticketId: decision.ticketId };
      case 'mark bounced': {
        let marked = 0;
        for (const address of decision.recipients)
          marked += await markContactBounced(tx, mail.orgId, address);
        return { status: 'processed', outcome: `bounce: ${marked} contact(s) marked` };
      }
      case 'add message':
      case 'open ticket': {
        const sender = facts.sender ?? '';
        const contact = await contactFor(
          tx,
          mail.orgId,
          sender,
          parsed.from?.name ?? sender,
          mail.id,
        );
        const files = await storeFiles(mail.orgId, parsed);
        const { ticketId, messageId } =
          decision.action === 'add message'
            ? {
                ticketId: decision.ticketId,
                messageId: await addContactMessage(
                  tx,
                  {
                    orgId: mail.orgId,
                    ticketId: decision.ticketId,
                    contactId: contact.id,
                    body: parsed.text,
                  },
                  deps.sla,
                ),
              }
            : await openTicketFromMail(
                tx,
                {
                  orgId: mail.orgId,
                  contactId: contact.id,
                  subject: parsed.subject,
                  body: parsed.text,
                },
                deps.sla,
              );
        const attached = await attach(
          tx,
          { orgId: mail.orgId, ticketId, contactId: contact.id },
          files,
        );
        const what =
          decision.action === 'add message'
            ? `reply (${decision.via})`
            : parsed.malformed
              ? 'new ticket (MIME unreadable: kept as text)'
              : 'new ticket';
        return { status: 'processed', outcome: what + attached, ticketId, messageId };
      }
    }
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
      const facts = factsOf(mail, parsed, auth, ours);
      const decision = await decide(tx, facts, parsed);
      const done = await apply(tx, mail, parsed, facts, decision);
      const outcome: Outcome = {
        ...done,
        outcome: flaggedNote(done.outcome, facts.auth, done.status === 'processed'),
        // A loop is dropped before its authentication is read.
        ...(facts.ours ? {} : { authentication: { ...auth } }),
      };
      await finishInboundEmail(tx, mail.id, outcome);
      return { status: outcome.status, outcome: outcome.outcome };
    });
  };
}
