import { defineJobs, defineQueue, type Schedule } from '@insightdesk/shared/queues';
import { canonicalId } from '@insightdesk/shared/shapes';
import { z } from 'zod';

/** Job data carries ids in their canonical form only, like the platform's jobs. */
const id = canonicalId;

const DAY = 24 * 3600;

/**
 * The help desk's background work: the jobs it adds to the platform's queues (its mail, its
 * maintenance) and the queues of its own, declared once with their payload schemas. Producers
 * (its effects) and processors (its worker part) use the same declarations.
 */
export const helpdeskEmailJobs = defineJobs({
  jobs: {
    /** Confirmation to the requester and a notice to the organization's agents. */
    'ticket-created': z.object({ orgId: id(), ticketId: id() }),
    /** A public reply, to the ticket's requester. */
    reply: z.object({ orgId: id(), ticketId: id(), messageId: id() }),
    /** An organization export is ready: a signed link, to whoever asked for it. */
    'export-ready': z.object({ exportId: id() }),
    /** A service-level warning or breach, to the ticket's assignee. */
    'sla-alert': z.object({
      orgId: id(),
      ticketId: id(),
      userId: id(),
      kind: z.enum(['warning', 'breached']),
      target: z.enum(['firstResponse', 'nextResponse', 'resolution']),
      cycle: z.string().max(64),
      dueAt: z.iso.datetime(),
    }),
  },
  urgent: ['export-ready'],
});

export const helpdeskMaintenanceJobs = defineJobs({
  jobs: {
    /** Refreshes the organizations' analytics rollups. */
    'analytics-rollup': z.object({}),
    /** An `import-calendar` job for every organization whose calendar has a feed. */
    'sla-calendar-feeds': z.object({}),
  },
});

export const attachmentsQueue = defineQueue({
  name: 'attachments',
  jobs: {
    /** Thumbnail for images, then `ready` and the attachment.ready event. */
    process: z.object({ orgId: id(), attachmentId: id() }),
    /** The stored files (original and thumbnail) of attachments whose ticket was deleted. */
    discard: z.object({ orgId: id(), attachmentIds: z.array(id()).min(1) }),
  },
  defaults: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: DAY, count: 10_000 },
    removeOnFail: { age: 14 * DAY },
  },
});

const position = z.tuple([z.iso.datetime(), id()]).nullable();

/** Organization exports, as flows: parts (children) then the assembly (their parent). */
export const exportsQueue = defineQueue({
  name: 'exports',
  jobs: {
    /** The tickets of one page (keyset bounds, null: open-ended), written to storage. */
    part: z.object({
      exportId: id(),
      orgId: id(),
      part: z.number().int().min(0),
      after: position,
      until: position,
    }),
    /** Runs once every part is done: one gzipped file, then ready (event and email). */
    assemble: z.object({ exportId: id(), orgId: id(), parts: z.number().int().min(1) }),
  },
  defaults: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: DAY, count: 1000 },
    removeOnFail: { age: 14 * DAY },
  },
});

/**
 * Service-level checks: one delayed job per ticket with running clocks, due at its next warning
 * or due time, for the version of its timers it was scheduled for (an older version's job finds
 * the timers moved and does nothing).
 */
export const slaQueue = defineQueue({
  name: 'sla',
  jobs: {
    check: z.object({
      orgId: id(),
      ticketId: id(),
      version: z.number().int().min(1),
      /** The instant it was scheduled for (epoch ms). */
      at: z.number().int().min(0),
    }),
    /** The organization's unresolved tickets' timers computed again (its settings changed). */
    reapply: z.object({ orgId: id(), changeId: id() }),
    /**
     * The calendar's iCalendar feed fetched (through the SSRF guard) and its days off stored;
     * `run` names the request (a change's id, or the day of the daily refresh).
     */
    'import-calendar': z.object({ orgId: id(), run: z.string().max(64) }),
  },
  defaults: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: { age: 14 * DAY },
  },
});

/** Inbound mail, recorded by the SMTP ingress: each becomes a ticket, a message, or is held. */
export const inboundQueue = defineQueue({
  name: 'inbound',
  jobs: {
    process: z.object({ orgId: id(), inboundId: id() }),
  },
  defaults: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: DAY, count: 10_000 },
    removeOnFail: { age: 14 * DAY },
  },
});

/** The help desk's own queues. */
export const helpdeskQueues = {
  attachments: attachmentsQueue,
  exports: exportsQueue,
  sla: slaQueue,
  inbound: inboundQueue,
} as const;

/** What it adds to the platform's queues, by queue name. */
export const helpdeskJobs = {
  email: helpdeskEmailJobs,
  maintenance: helpdeskMaintenanceJobs,
} as const;

export const helpdeskSchedules: readonly Schedule[] = [
  { id: 'analytics-rollup', job: 'analytics-rollup', every: 60_000 },
  { id: 'sla-calendar-feeds', job: 'sla-calendar-feeds', every: DAY * 1000 },
];
