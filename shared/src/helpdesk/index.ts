export { type AnalyticsSummary, analyticsSummary, refreshAnalyticsRollups } from './analytics';
export {
  type AttachmentRow,
  attachmentForProcessing,
  createAttachment,
  getAttachment,
  markAttachmentFailed,
  markAttachmentReady,
  storedFileMeta,
  thumbnailName,
} from './attachments';
export {
  acceptInvitation,
  claimInvitation,
  createInvitation,
  type Invitation,
  type InvitationRow,
  invitationNotice,
  listPendingInvitations,
  type PendingInvitation,
  purgeInvitations,
  revokeInvitation,
} from './invitations';
export { removeMember } from './member-removal';
export { addMember, changeRole, listMembers, memberRole, staffOf } from './members';
export { createMessage, isPublicReply, listMessages, messageNotice } from './messages';
export {
  createOrganization,
  findOrganization,
  getOrganization,
  membershipsOfUser,
  organization,
} from './orgs';
export { decodeCursor, encodeCursor, type Page } from './pagination';
export * from './schemas';
export {
  createTicket,
  deleteTicket,
  getTicket,
  listTickets,
  type TicketChanges,
  type TicketFilters,
  ticketNotice,
  updateTicket,
} from './tickets';
