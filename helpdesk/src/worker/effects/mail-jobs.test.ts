import { describe, expect, test } from 'bun:test';
import type { Executor } from '@insightdesk/shared/db';
import type { EventData, OutboxRow } from '@insightdesk/shared/events';
import type { QueueDeclaration, QueueHandle } from '@insightdesk/shared/queues';
import type { HelpdeskEvents } from '../../events';
import type { helpdeskEmailJobs } from '../../queues';
import { mailJobs } from './mail-jobs';

type Email = QueueHandle<QueueDeclaration<(typeof helpdeskEmailJobs)['jobs']>>;

const ORG = '0190a000-0000-7000-8000-000000000001';
const REQUESTER = '0190a000-0000-7000-8000-00000000000a';
const AGENT = '0190a000-0000-7000-8000-00000000000b';

/** The reply jobs the effect adds for one `message.created`. */
async function replyJobsFor(data: EventData<HelpdeskEvents, 'message.created'>) {
  const added: { name: string; data: unknown; jobId: unknown }[] = [];
  const email = {
    add: async (name: string, jobData: unknown, options: { jobId?: string }) => {
      added.push({ name, data: jobData, jobId: options.jobId });
    },
  } as unknown as Email;
  const handler = mailJobs(email).on['message.created'];
  if (!handler) throw new Error('the effect handles message.created');
  await handler(data, { orgId: ORG } as OutboxRow, {} as Executor);
  return added;
}

const created = (
  author: string,
  more: Partial<EventData<HelpdeskEvents, 'message.created'>> = {},
  internal = false,
): EventData<HelpdeskEvents, 'message.created'> => ({
  message: {
    id: '0190a000-0000-7000-8000-0000000000f1',
    ticketId: '0190a000-0000-7000-8000-0000000000f2',
    author: { id: author, name: 'A' },
    body: 'Hello',
    internal,
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  ticketNumber: 1,
  requesterId: REQUESTER,
  ...more,
});

describe('the reply mail follows the decision the event carries', () => {
  test('publicReply: true adds one reply job, keyed by the message', async () => {
    expect(await replyJobsFor(created(AGENT, { publicReply: true }))).toEqual([
      {
        name: 'reply',
        data: {
          orgId: ORG,
          ticketId: '0190a000-0000-7000-8000-0000000000f2',
          messageId: '0190a000-0000-7000-8000-0000000000f1',
        },
        jobId: 'reply-0190a000-0000-7000-8000-0000000000f1',
      },
    ]);
  });

  test('publicReply: false adds none, whatever the message looks like', async () => {
    // A contact's mail: its author is no member, though not the requester either.
    expect(await replyJobsFor(created(AGENT, { publicReply: false }))).toEqual([]);
  });

  test('an event the release before recorded (no publicReply) is decided from the event', async () => {
    expect(await replyJobsFor(created(AGENT))).toHaveLength(1);
    expect(await replyJobsFor(created(REQUESTER))).toEqual([]);
    expect(await replyJobsFor(created(AGENT, {}, true))).toEqual([]);
  });
});
