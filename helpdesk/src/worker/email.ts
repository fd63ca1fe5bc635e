import { findUserById } from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import type { Mailer } from '@insightdesk/shared/mail';
import type { JobData, Processors, QueueDeclaration } from '@insightdesk/shared/queues';
import type { Storage } from '@insightdesk/shared/storage';
import { findOrganization, membersWithRoles } from '@insightdesk/shared/tenancy';
import { EXPORT_LINK_TTL_SECONDS, exportById, exportFilename, requesterMayHave } from '../exports';
import type { InboundSettings } from '../inbound/config';
import type { ReplyTokens } from '../inbound/reply-token';
import { inboundSettingsOf } from '../inbound/settings';
import {
  exportReadyMail,
  newTicketForAgentsMail,
  replyMail,
  slaAlertMail,
  ticketConfirmationMail,
} from '../mail';
import type { helpdeskEmailJobs } from '../queues';
import { STAFF_ROLES } from '../roles';
import { messageNotice, ticketNotice } from '../tickets/mail-read-model';
import { agentNoticeKey, confirmationKey, mailThreads } from './mail-thread';

type HelpdeskEmail = QueueDeclaration<(typeof helpdeskEmailJobs)['jobs']>;

/**
 * The help desk's mail jobs (on the platform's `email` queue): a new ticket, a public reply, a
 * ready export. Each email is sent once per dedupe key (recorded with the send), so a job may run
 * any number of times. Jobs carry ids only: what they describe may have changed or gone by the
 * time they run. A ticket's mails name its conversation (mail-thread.ts).
 */
export function emailProcessors(deps: {
  readonly db: Executor;
  readonly mailer: Mailer;
  readonly publicUrl: string;
  /** Signs the links of ready exports. */
  readonly storage: Storage;
  /** Reply addresses for mail to contacts (who wrote by email). */
  readonly inbound: { readonly config: InboundSettings; readonly tokens: ReplyTokens };
}): Processors<HelpdeskEmail> {
  const { db, mailer, publicUrl } = deps;
  const { domain } = deps.inbound.config;
  const threads = mailThreads(db, mailer);

  /**
   * A contact answers by mail: its reply address (made for it and this ticket); bounces go to
   * the organization's address, where a delivery report marks the contact bounced.
   */
  async function contactAddresses(orgId: string, ticketId: string, contactEmail: string) {
    const settings = await inboundSettingsOf(db, orgId);
    return {
      replyTo: `${deps.inbound.tokens.localPart(ticketId, contactEmail)}@${domain}`,
      ...(settings ? { bounceTo: `${settings.slug.toLowerCase()}@${domain}` } : {}),
    };
  }
  /** A member requester who is still one, or a contact whose mail has not bounced. */
  const mailable = (t: {
    requester_member: boolean;
    contact_id: string | null;
    contact_bounced: boolean;
  }) => (t.contact_id ? !t.contact_bounced : t.requester_member);
  const ticketLink = (orgId: string, ticketId: string) =>
    `${publicUrl}/orgs/${orgId}/tickets/${ticketId}`;

  return {
    async 'ticket-created'({ orgId, ticketId }: JobData<HelpdeskEmail, 'ticket-created'>) {
      const ticket = await ticketNotice(db, orgId, ticketId);
      if (!ticket) return { skipped: 'ticket gone' };
      const link = ticketLink(orgId, ticketId);
      let sent = 0;
      if (
        mailable(ticket) &&
        (await mailer.sendOnce(db, {
          dedupeKey: confirmationKey(ticketId),
          to: ticket.requester_email,
          template: 'ticket-confirmation',
          ...(await threads.confirmation(orgId, ticketId, ticket.contact_id !== null)),
          content: ticketConfirmationMail({
            number: ticket.number,
            subject: ticket.subject,
            body: ticket.body ?? '',
            link,
          }),
          ...(ticket.contact_id
            ? await contactAddresses(orgId, ticketId, ticket.requester_email)
            : {}),
        }))
      ) {
        sent++;
      }
      for (const agent of await membersWithRoles(db, orgId, STAFF_ROLES)) {
        if (agent.id === ticket.requester_id) continue;
        const notice = newTicketForAgentsMail({
          number: ticket.number,
          subject: ticket.subject,
          body: ticket.body ?? '',
          requester: ticket.requester_name,
          organization: ticket.organization,
          link,
        });
        const once = {
          dedupeKey: agentNoticeKey(ticketId, agent.id),
          to: agent.email,
          template: 'new-ticket',
          content: notice,
        };
        if (await mailer.sendOnce(db, once)) sent++;
      }
      return { sent };
    },

    async 'export-ready'({ exportId }: JobData<HelpdeskEmail, 'export-ready'>) {
      const done = await exportById(db, exportId);
      if (!done?.fileKey || !done.requestedBy) return { skipped: 'not ready' };
      // The link opens every ticket of the organization: only for an admin of it, now.
      if (!(await requesterMayHave(db, done)))
        return { skipped: 'requester is no longer an admin' };
      const requester = await findUserById(db, done.requestedBy);
      const org = await findOrganization(db, done.orgId);
      if (!requester || !org) return { skipped: 'requester or organization gone' };
      const sent = await mailer.sendOnce(db, {
        dedupeKey: `export-ready:${exportId}`,
        to: requester.email,
        template: 'export-ready',
        content: exportReadyMail({
          organization: org.name,
          lines: done.lines ?? 0,
          link: deps.storage.signedUrl(done.fileKey, {
            ttlSeconds: EXPORT_LINK_TTL_SECONDS,
            contentType: 'application/gzip',
            filename: exportFilename(done.createdAt),
          }),
          hours: EXPORT_LINK_TTL_SECONDS / 3600,
        }),
      });
      return { sent: sent ? 1 : 0 };
    },

    async 'sla-alert'(job: JobData<HelpdeskEmail, 'sla-alert'>) {
      const { orgId, ticketId, userId } = job;
      // To an agent of the organization still (staff now), about a ticket still there.
      const agent = (await membersWithRoles(db, orgId, STAFF_ROLES)).find((a) => a.id === userId);
      const ticket = await ticketNotice(db, orgId, ticketId);
      if (!agent || !ticket) return { skipped: 'agent or ticket gone' };
      const sent = await mailer.sendOnce(db, {
        dedupeKey: `sla-${job.kind}:${ticketId}:${job.target}:${job.cycle}:${userId}`,
        to: agent.email,
        template: `sla-${job.kind}`,
        ...threads.toAgent(ticketId, userId),
        content: slaAlertMail({
          kind: job.kind,
          target: job.target,
          number: ticket.number,
          subject: ticket.subject,
          dueAt: job.dueAt,
          link: ticketLink(orgId, ticketId),
        }),
      });
      return { sent: sent ? 1 : 0 };
    },

    async reply({ orgId, ticketId, messageId }: JobData<HelpdeskEmail, 'reply'>) {
      const [ticket, message] = await Promise.all([
        ticketNotice(db, orgId, ticketId),
        messageNotice(db, orgId, messageId),
      ]);
      // Added for a public reply only (mail-jobs.ts): what is left to ask is whether it and its
      // ticket are still there, and the requester still mailable.
      if (!ticket || !mailable(ticket) || !message)
        return { skipped: 'gone, or its requester is not mailed (left, or bounced)' };
      const sent = await mailer.sendOnce(db, {
        dedupeKey: `reply:${messageId}`,
        to: ticket.requester_email,
        template: 'reply',
        ...(await threads.toRequester(orgId, ticketId, ticket.contact_id !== null)),
        content: replyMail({
          number: ticket.number,
          subject: ticket.subject,
          author: message.author_name,
          body: message.body,
          link: ticketLink(orgId, ticketId),
        }),
        ...(ticket.contact_id
          ? await contactAddresses(orgId, ticketId, ticket.requester_email)
          : {}),
      });
      return { sent: sent ? 1 : 0 };
    },
  };
}
