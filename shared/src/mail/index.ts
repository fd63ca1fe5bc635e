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
