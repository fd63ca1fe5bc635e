import { defineEvent, WHOLE_ORGANIZATION } from '@insightdesk/shared/events/define';
import { z } from 'zod';
import type { HelpdeskConfig } from './config';
import { messageSchema, notificationSchema, ticketSchema } from './schemas';
import { slaTarget } from './schemas/sla';

/** Staff (the roles that see the whole organization: roles.ts) and nobody else. */
const staff = WHOLE_ORGANIZATION;

/** The first `max` UTF-16 units of `text`, never half of a surrogate pair. */
function cut(text: string, max: number): string {
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/** A service-level warning or breach: which ticket, which clock, when it falls or fell due. */
const slaFiring = z.object({
  ticket: z.object({ id: z.uuid(), number: z.number().int(), subject: z.string() }),
  target: slaTarget,
  /** The next-response clock's message (its id); empty for the other targets. */
  cycle: z.string(),
  dueAt: z.iso.datetime(),
  policy: z.object({ id: z.uuid().nullable(), name: z.string() }),
  assigneeId: z.uuid().nullable(),
});

/**
 * The help desk's events, declared once with their payload schemas: recorded in the transaction
 * of the change (`recordEvent`, event-writer.ts), relayed by the worker to the effects that handle them (the
 * real-time stream, the users' channels, mail and jobs). Clients receive the stream's as
 * `{id, orgId, type, at, data}` with `data` of this shape.
 */
export const helpdeskEvents = {
  'ticket.created': defineEvent({
    about: "staff; the ticket's requester",
    data: z.object({ ticket: ticketSchema }),
    delivery: 'organization stream',
    audience: (d) => ({ members: [d.ticket.requester.id] }),
  }),
  'ticket.updated': defineEvent({
    about: "staff; the ticket's requester",
    data: z.object({ ticket: ticketSchema, changes: z.array(z.string()) }),
    delivery: 'organization stream',
    audience: (d) => ({ members: [d.ticket.requester.id] }),
  }),
  'ticket.deleted': defineEvent({
    about: "staff; the ticket's requester",
    data: z.object({ ticketId: z.uuid(), number: z.number().int(), requesterId: z.uuid() }),
    delivery: 'organization stream',
    audience: (d) => ({ members: [d.requesterId] }),
  }),
  'message.created': defineEvent({
    about: 'staff; the requester unless `message.internal`',
    data: z.object({
      message: messageSchema.extend({ bodyTruncated: z.literal(true).optional() }),
      ticketNumber: z.number().int(),
      requesterId: z.uuid(),
      /**
       * Whether the message is a public reply (public-reply.ts), decided where it was recorded.
       * Optional: an event the release before recorded has none, and is read by the same rule.
       */
      publicReply: z.boolean().optional(),
    }),
    delivery: 'organization stream',
    audience: (d) => (d.message.internal ? staff : { members: [d.requesterId] }),
    clientData: (d, config: HelpdeskConfig) =>
      d.message.body.length <= config.messages.eventBodyMaxChars
        ? d
        : {
            ...d,
            message: {
              ...d.message,
              body: cut(d.message.body, config.messages.eventBodyMaxChars),
              bodyTruncated: true as const,
            },
          },
  }),
  'attachment.ready': defineEvent({
    about: "staff; the ticket's requester",
    data: z.object({
      ticketId: z.uuid(),
      requesterId: z.uuid(),
      attachment: z.object({
        id: z.uuid(),
        filename: z.string(),
        contentType: z.string(),
        size: z.number().int(),
        hasThumbnail: z.boolean(),
      }),
    }),
    delivery: 'organization stream',
    audience: (d) => ({ members: [d.requesterId] }),
  }),
  /** The worker makes its thumbnail, then `attachment.ready`. */
  'attachment.uploaded': defineEvent({
    about: "the attachment's processing job (thumbnail, then ready)",
    data: z.object({ attachmentId: z.uuid(), ticketId: z.uuid() }),
    delivery: 'none',
  }),
  /** Gone with their ticket: the rows at once (cascade), the stored files by the worker. */
  'attachments.deleted': defineEvent({
    about: "the job that removes the files of a deleted ticket's attachments",
    data: z.object({ ticketId: z.uuid(), attachmentIds: z.array(z.uuid()).min(1) }),
    delivery: 'none',
  }),
  /**
   * A notification for one user: not in the organization's stream (it is not for its members),
   * on the recipient's own channel, whose sockets receive the notification itself.
   */
  'notification.created': defineEvent({
    about: 'every socket of the recipient (`notification.created` with the notification)',
    data: z.object({ userId: z.uuid(), notification: notificationSchema }),
    delivery: 'user channel',
    recipient: (d) => d.userId,
    message: (d) => d.notification,
  }),
  /** The SMTP ingress recorded a mail to the organization: its processing job follows. */
  'inbound.received': defineEvent({
    about: "the mail's processing job (a ticket, a message, a bounce, or held)",
    data: z.object({ inboundId: z.uuid() }),
    delivery: 'none',
  }),
  /** The export's job flow follows from it. */
  'export.requested': defineEvent({
    about: "the export's job flow",
    data: z.object({ exportId: z.uuid() }),
    delivery: 'none',
  }),
  'export.ready': defineEvent({
    about: 'staff',
    data: z.object({
      exportId: z.uuid(),
      requestedBy: z.uuid().nullable(),
      lines: z.number().int(),
      bytes: z.number().int(),
    }),
    delivery: 'organization stream',
    audience: () => staff,
  }),
  /** A ticket's service-level timers changed: the worker reschedules its check job. */
  'sla.due-changed': defineEvent({
    about: "the ticket's service-level check job, rescheduled",
    data: z.object({ ticketId: z.uuid(), version: z.number().int() }),
    delivery: 'none',
  }),
  /**
   * An organization's policies or calendar changed: the worker computes its unresolved tickets'
   * timers again, in batches.
   */
  'sla.settings-changed': defineEvent({
    about: "the job that computes the organization's unresolved tickets' timers again",
    data: z.object({ changeId: z.uuid() }),
    delivery: 'none',
  }),
  /** The calendar's iCalendar feed was set or changed, or an admin asked for it again. */
  'sla.calendar-feed-requested': defineEvent({
    about: "the job that imports the calendar's iCalendar feed",
    data: z.object({ changeId: z.uuid() }),
    delivery: 'none',
  }),
  /** A running clock comes within the policy's warning minutes of its due time (once). */
  'sla.warning': defineEvent({
    about: 'staff; a notification (and mail) to the assignee',
    data: slaFiring,
    delivery: 'organization stream',
    audience: () => staff,
  }),
  /** A running clock passed its due time (once per ticket, target and next-response message). */
  'sla.breached': defineEvent({
    about: 'staff; a notification (and mail) to the assignee',
    data: slaFiring,
    delivery: 'organization stream',
    audience: () => staff,
  }),
} as const;

export type HelpdeskEvents = typeof helpdeskEvents;
