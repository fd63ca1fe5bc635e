export {
  type Claim,
  type ClaimResult,
  claimDelivery,
  markSent,
  purgeDeliveries,
  releaseClaim,
} from './deliveries';
export { createMailer, type Mailer } from './mailer';
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
