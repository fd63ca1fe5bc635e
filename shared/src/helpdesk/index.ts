export { type AnalyticsSummary, analyticsSummary, refreshAnalyticsRollups } from './analytics';
export {
  type AttachmentRow,
  attachmentForProcessing,
  createAttachment,
  getAttachment,
  markAttachmentFailed,
  markAttachmentReady,
  storedFileMeta,
} from './attachments';
export {
  acceptInvitation,
  claimInvitation,
  createInvitation,
  type Invitation,
  type InvitationRow,
  listPendingInvitations,
  type PendingInvitation,
  purgeInvitations,
  revokeInvitation,
} from './invitations';
export { addMember, changeRole, listMembers, removeMember } from './members';
export { createMessage, isPublicReply, listMessages } from './messages';
export { invitationNotice, messageNotice, staffOf, ticketNotice } from './notifications';
export { createOrganization, getOrganization, membershipsOfUser, organization } from './orgs';
export { decodeCursor, encodeCursor, type Page } from './pagination';
export * from './schemas';
export {
  createTicket,
  deleteTicket,
  getTicket,
  listTickets,
  type TicketChanges,
  type TicketFilters,
  updateTicket,
} from './tickets';
