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
  exportReadyMail,
  invitationMail,
  type MailContent,
  newTicketForAgentsMail,
  passwordResetMail,
  replyMail,
  ticketConfirmationMail,
  verifyEmailMail,
} from './templates';
