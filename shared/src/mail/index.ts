export {
  type Claim,
  type ClaimResult,
  claimDelivery,
  deliveriesByMessageId,
  markSent,
  purgeDeliveries,
  releaseClaim,
} from './deliveries';
export { createMailer, type Mailer, type OutgoingMail } from './mailer';
export {
  escapeHtml,
  invitationMail,
  layout,
  type MailContent,
  paragraphs,
  passwordResetMail,
  verifyEmailMail,
  webhookDisabledMail,
} from './templates';
