import type { Executor } from '@insightdesk/shared/db';
import { ConflictError, NotFoundError } from '@insightdesk/shared/errors';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import { contactFor } from '../inbound/contacts';
import { lockHeldEmail, settleHeldEmail } from '../inbound/inbound-emails';
import { parseMail } from '../inbound/parse';
import type { SlaSettings } from '../sla/config';
import { ticketForMail } from '../tickets/mail-read-model';
import { addContactMessage } from './contact-message';

const notHeld = () => new NotFoundError('not_found', 'No such held mail.');

/**
 * An admin releases a held mail (a reply by someone who is not a participant of its ticket):
 * it becomes the sender's message on that ticket — as a contact, like any mail — with
 * `message.created` and its notifications; the mail's row says so. One transaction, the row
 * locked: a second release finds it no longer held (404). Its attachments are not added (the
 * text only; the upload checks run in the worker's pipeline).
 */
export function releaseHeldMail(db: Executor, scope: OrgScope, id: string, sla: SlaSettings) {
  return db.transaction(async (tx) => {
    const mail = await lockHeldEmail(tx, scope.orgId, id);
    if (!mail) throw notHeld();
    const ticket = mail.ticket_id ? await ticketForMail(tx, mail.ticket_id) : null;
    if (!ticket || ticket.org_id !== scope.orgId)
      throw new ConflictError('no_ticket', 'The mail answers no ticket it could be added to.');
    const parsed = await parseMail(Buffer.from(mail.raw));
    const sender = parsed.from?.address ?? mail.mail_from.toLowerCase();
    const contact = await contactFor(tx, scope.orgId, sender, parsed.from?.name ?? sender, mail.id);
    const messageId = await addContactMessage(
      tx,
      { orgId: scope.orgId, ticketId: ticket.id, contactId: contact.id, body: parsed.text },
      sla,
    );
    await settleHeldEmail(tx, mail.id, {
      status: 'processed',
      outcome: `released by ${scope.userId}: reply (not a participant)`,
      messageId,
    });
  });
}

/** An admin discards a held mail: dropped, kept in the log until the purge. */
export function discardHeldMail(db: Executor, scope: OrgScope, id: string) {
  return db.transaction(async (tx) => {
    const mail = await lockHeldEmail(tx, scope.orgId, id);
    if (!mail) throw notHeld();
    await settleHeldEmail(tx, mail.id, {
      status: 'dropped',
      outcome: `discarded by ${scope.userId}`,
    });
  });
}
