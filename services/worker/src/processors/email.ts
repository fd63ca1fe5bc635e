import {
  type AccountTokenMailRow,
  type AccountTokenPurpose,
  accountTokenFor,
  accountTokenMailSource,
  invitationToken,
} from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import {
  claimingRead,
  invitationMail,
  type MailContent,
  type Mailer,
  passwordResetMail,
  verifyEmailMail,
  webhookDisabledMail,
} from '@insightdesk/shared/mail';
import type { emailQueue, JobData, Processors } from '@insightdesk/shared/queues';
import {
  ADMIN_ROLES,
  type InvitationMailRow,
  invitationMailSource,
  membersWithRoles,
} from '@insightdesk/shared/tenancy';
import { endpointNotice } from '@insightdesk/shared/webhooks';

export interface EmailDeps {
  readonly db: Executor;
  readonly mailer: Mailer;
  readonly publicUrl: string;
  readonly invitationSecret: string;
}

/**
 * The platform's mail: invitations and account links. Each email is sent once per dedupe key
 * (recorded with the send), so a job may run any number of times. Jobs carry ids only: what they
 * describe may have changed or gone by the time they run. (A product's mail jobs share the
 * queue, with processors of their own.)
 */
export function emailProcessors(deps: EmailDeps): Processors<typeof emailQueue> {
  const { db, mailer, publicUrl } = deps;
  // Each mail's row and the claim of the mail, in one statement.
  const readInvitationMail = claimingRead<InvitationMailRow, { invitationId: string }>(
    invitationMailSource,
  );
  const readAccountLinkMail = claimingRead<
    AccountTokenMailRow,
    { tokenId: string; purpose: AccountTokenPurpose }
  >(accountTokenMailSource);

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
    },
  ) {
    const token = accountTokenFor(deps.invitationSecret, link.purpose, tokenId);
    const sent = await mailer.sendOnceRead(db, {
      dedupeKey: `${link.template}:${tokenId}`,
      template: link.template,
      read: readAccountLinkMail,
      values: { tokenId, purpose: link.purpose },
      mail: (account) => ({
        content: link.content({
          name: account.name,
          link: `${publicUrl}/${link.page}?token=${encodeURIComponent(token)}`,
        }),
      }),
    });
    if (sent === 'skipped') return { skipped: 'link used, expired or not needed' };
    return { sent: sent ? 1 : 0 };
  }

  return {
    async invitation({ invitationId }: JobData<typeof emailQueue, 'invitation'>) {
      const token = invitationToken(deps.invitationSecret, invitationId);
      const sent = await mailer.sendOnceRead(db, {
        dedupeKey: `invitation:${invitationId}`,
        template: 'invitation',
        read: readInvitationMail,
        values: { invitationId },
        mail: (invitation) => ({
          content: invitationMail({
            organization: invitation.organization,
            inviter: invitation.inviter ?? 'A colleague',
            role: invitation.role,
            link: `${publicUrl}/invitations/accept?token=${encodeURIComponent(token)}`,
          }),
        }),
      });
      if (sent === 'skipped') return { skipped: 'not pending' };
      return { sent: sent ? 1 : 0 };
    },

    'verify-email': ({ tokenId }: JobData<typeof emailQueue, 'verify-email'>) =>
      accountLinkMail(tokenId, {
        purpose: 'verify_email',
        template: 'verify-email',
        page: 'verify-email',
        content: verifyEmailMail,
      }),

    /** Each admin (and owner) once per disabling; nothing when it was enabled again meanwhile. */
    async 'webhook-disabled'({
      endpointId,
      disabledAt,
    }: JobData<typeof emailQueue, 'webhook-disabled'>) {
      const endpoint = await endpointNotice(db, endpointId);
      if (!endpoint || endpoint.enabled || !endpoint.disabledReason)
        return { skipped: 'enabled again or gone' };
      let sent = 0;
      for (const admin of await membersWithRoles(db, endpoint.orgId, ADMIN_ROLES)) {
        const done = await mailer.sendOnce(db, {
          dedupeKey: `webhook-disabled:${endpointId}:${disabledAt}:${admin.id}`,
          to: admin.email,
          template: 'webhook-disabled',
          content: webhookDisabledMail({
            name: admin.name,
            organization: endpoint.organization,
            url: endpoint.url,
            description: endpoint.description,
            reason: endpoint.disabledReason,
          }),
        });
        if (done) sent++;
      }
      return { sent };
    },

    'password-reset': ({ tokenId }: JobData<typeof emailQueue, 'password-reset'>) =>
      accountLinkMail(tokenId, {
        purpose: 'password_reset',
        template: 'password-reset',
        page: 'reset-password',
        content: passwordResetMail,
      }),
  };
}
