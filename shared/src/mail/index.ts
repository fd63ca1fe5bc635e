export { createMailer, type Mailer } from './mailer';
export {
  invitationMail,
  type MailContent,
  newTicketForAgentsMail,
  replyMail,
  ticketConfirmationMail,
} from './templates';
