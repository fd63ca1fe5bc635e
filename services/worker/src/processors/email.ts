import {
  type AccountTokenPurpose,
  accountTokenFor,
  accountTokenNotice,
  findUserById,
  invitationToken,
} from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import {
  EXPORT_LINK_TTL_SECONDS,
  exportById,
  exportFilename,
  requesterMayHave,
} from '@insightdesk/shared/exports';
import {
  findOrganization,
  invitationNotice,
  isPublicReply,
  messageNotice,
  staffOf,
  ticketNotice,
} from '@insightdesk/shared/helpdesk';
import {
  exportReadyMail,
  invitationMail,
  type MailContent,
  type Mailer,
  newTicketForAgentsMail,
  passwordResetMail,
  replyMail,
  ticketConfirmationMail,
  verifyEmailMail,
} from '@insightdesk/shared/mail';
import type { emailQueue, JobData } from '@insightdesk/shared/queues';
import type { Storage } from '@insightdesk/shared/storage';
import type { Processors } from './types';

export interface EmailDeps {
  readonly db: Executor;
  readonly mailer: Mailer;
  readonly publicUrl: string;
  readonly invitationSecret: string;
  /** Signs the links of ready exports. */
  readonly storage: Storage;
}

/**
 * Each email is sent once per dedupe key (recorded with the send), so a job may run any number
 * of times. Jobs carry ids only: what they describe may have changed or gone by the time they run.
 */
export function emailProcessors(deps: EmailDeps): Processors<typeof emailQueue> {
  const { db, mailer, publicUrl } = deps;
  const ticketLink = (orgId: string, ticketId: string) =>
    `${publicUrl}/orgs/${orgId}/tickets/${ticketId}`;

  /**
   * The link of an account token (the token rebuilt from its id), mailed once while it can still
   * be used — and is still needed — to open the client's `page`; the template is also the
   * dedupe key's prefix.
   */
  async function accountLinkMail(
    tokenId: string,
    link: {
      purpose: AccountTokenPurpose;
      template: string;
      page: string;
      content: (p: { name: string; link: string }) => MailContent;
      needless?: (notice: { emailVerified: boolean }) => boolean;
    },
  ) {
    const notice = await accountTokenNotice(db, tokenId);
    if (!notice?.usable) return { skipped: 'link used or expired' };
    if (link.needless?.(notice)) return { skipped: 'not needed' };
    const token = accountTokenFor(deps.invitationSecret, link.purpose, tokenId);
    const sent = await mailer.sendOnce(db, {
      dedupeKey: `${link.template}:${tokenId}`,
      to: notice.email,
      template: link.template,
      content: link.content({
        name: notice.name,
        link: `${publicUrl}/${link.page}?token=${encodeURIComponent(token)}`,
      }),
    });
    return { sent: sent ? 1 : 0 };
  }

  return {
    async invitation({ invitationId }: JobData<typeof emailQueue, 'invitation'>) {
      const invitation = await invitationNotice(db, invitationId);
      if (!invitation || invitation.accepted_at || invitation.expired)
        return { skipped: 'not pending' };
      const token = invitationToken(deps.invitationSecret, invitationId);
      const sent = await mailer.sendOnce(db, {
        dedupeKey: `invitation:${invitationId}`,
        to: invitation.email,
        template: 'invitation',
        content: invitationMail({
          organization: invitation.organization,
          inviter: invitation.inviter ?? 'A colleague',
          role: invitation.role,
          link: `${publicUrl}/invitations/accept?token=${encodeURIComponent(token)}`,
        }),
      });
      return { sent: sent ? 1 : 0 };
    },

    async 'ticket-created'({ orgId, ticketId }: JobData<typeof emailQueue, 'ticket-created'>) {
      const ticket = await ticketNotice(db, orgId, ticketId);
      if (!ticket) return { skipped: 'ticket gone' };
      const link = ticketLink(orgId, ticketId);
      let sent = 0;
      if (
        ticket.requester_member &&
        (await mailer.sendOnce(db, {
          dedupeKey: `ticket-created:${ticketId}:requester`,
          to: ticket.requester_email,
          template: 'ticket-confirmation',
          content: ticketConfirmationMail({
            number: ticket.number,
            subject: ticket.subject,
            body: ticket.body ?? '',
            link,
          }),
        }))
      ) {
        sent++;
      }
      for (const agent of await staffOf(db, orgId)) {
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
          dedupeKey: `ticket-created:${ticketId}:agent:${agent.id}`,
          to: agent.email,
          template: 'new-ticket',
          content: notice,
        };
        if (await mailer.sendOnce(db, once)) sent++;
      }
      return { sent };
    },

    'verify-email': ({ tokenId }: JobData<typeof emailQueue, 'verify-email'>) =>
      accountLinkMail(tokenId, {
        purpose: 'verify_email',
        template: 'verify-email',
        page: 'verify-email',
        content: verifyEmailMail,
        needless: (notice) => notice.emailVerified,
      }),

    'password-reset': ({ tokenId }: JobData<typeof emailQueue, 'password-reset'>) =>
      accountLinkMail(tokenId, {
        purpose: 'password_reset',
        template: 'password-reset',
        page: 'reset-password',
        content: passwordResetMail,
      }),

    async 'export-ready'({ exportId }: JobData<typeof emailQueue, 'export-ready'>) {
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

    async reply({ orgId, ticketId, messageId }: JobData<typeof emailQueue, 'reply'>) {
      const [ticket, message] = await Promise.all([
        ticketNotice(db, orgId, ticketId),
        messageNotice(db, orgId, messageId),
      ]);
      if (
        !ticket?.requester_member ||
        !message ||
        !isPublicReply(
          { internal: message.internal, authorId: message.author_id },
          ticket.requester_id,
        )
      ) {
        return { skipped: 'not a public reply, or the requester left' };
      }
      const sent = await mailer.sendOnce(db, {
        dedupeKey: `reply:${messageId}`,
        to: ticket.requester_email,
        template: 'reply',
        content: replyMail({
          number: ticket.number,
          subject: ticket.subject,
          author: message.author_name,
          body: message.body,
          link: ticketLink(orgId, ticketId),
        }),
      });
      return { sent: sent ? 1 : 0 };
    },
  };
}
