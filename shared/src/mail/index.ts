export {
  type Claim,
  type ClaimingRead,
  type ClaimResult,
  type ClaimValues,
  claimDelivery,
  claimingRead,
  deliveriesByMessageId,
  type MailSource,
  markSent,
  purgeDeliveries,
  releaseClaim,
} from './deliveries';
export { createMailer, type Mailer, type MailRead, type OutgoingMail } from './mailer';
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
