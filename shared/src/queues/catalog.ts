import { z } from 'zod';
import { canonicalId } from '../tenancy/ids';
import { defineQueue } from './define';

const DAY = 24 * 3600;
/** Job data carries ids in their canonical form only (tenancy/ids.ts), like every other entry. */
const id = canonicalId;

/**
 * Every queue, declared once: name, job names with their payload schemas, retry policy and
 * retention. The queue handles (`openQueues`) and the worker's consumers both take these, so the compiler checks
 * both ends.
 */
export const emailQueue = defineQueue({
  name: 'email',
  jobs: {
    /** The invitation email; the accept link is rebuilt from the id. */
    invitation: z.object({ invitationId: id() }),
    /** Confirmation to the requester and a notice to the organization's agents. */
    'ticket-created': z.object({ orgId: id(), ticketId: id() }),
    /** A public reply, to the ticket's requester. */
    reply: z.object({ orgId: id(), ticketId: id(), messageId: id() }),
    /** The email verification link (rebuilt from the account token's id). */
    'verify-email': z.object({ tokenId: id() }),
    /** The password reset link (rebuilt from the account token's id). */
    'password-reset': z.object({ tokenId: id() }),
    /** An organization export is ready: a signed link, to whoever asked for it. */
    'export-ready': z.object({ exportId: id() }),
  },
  defaults: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: DAY, count: 10_000 },
    removeOnFail: { age: 14 * DAY },
  },
  urgent: ['invitation', 'verify-email', 'password-reset', 'export-ready'],
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

export const maintenanceQueue = defineQueue({
  name: 'maintenance',
  jobs: {
    'analytics-rollup': z.object({}),
    /** Expired refresh tokens, idempotency records, spent invitations, relayed outbox rows. */
    purge: z.object({}),
    /** Does nothing but wait and count: the baseline of bench/queue and the stall drill of the tests. */
    noop: z.object({
      delayMs: z.number().int().min(0).max(120_000).default(0),
      marker: z.string().max(100).optional(),
    }),
  },
  defaults: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 5000 },
    removeOnComplete: { age: DAY, count: 1000 },
    removeOnFail: { age: 14 * DAY },
  },
});

/** Every queue: the one list the services open (`openQueues`) and dashboards show. */
export const queueCatalog = {
  email: emailQueue,
  attachments: attachmentsQueue,
  exports: exportsQueue,
  maintenance: maintenanceQueue,
} as const;

export type QueueCatalog = typeof queueCatalog;

/** Schedules of the maintenance queue (BullMQ job schedulers; upserted by every worker). */
export const schedules = [
  { id: 'analytics-rollup', job: 'analytics-rollup', every: 60_000 },
  { id: 'purge', job: 'purge', every: 15 * 60_000 },
] as const;
