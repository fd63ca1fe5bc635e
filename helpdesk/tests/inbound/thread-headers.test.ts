import { beforeAll, describe, expect, test } from 'bun:test';
import { addMember, type Owner, registerOwner, uniqueEmail } from '../../../tests/support/api';
import { deployment } from '../../../tests/support/deployment';
import { call } from '../../../tests/support/http';
import { waitForMail } from '../../../tests/support/mail';
import { queueClient } from '../../../tests/support/queues';
import { computableMessageId, inboundDesk, threadOf, ticketByMail } from './support';

// What a customer's mail client sees: every mail of a ticket names the conversation it belongs
// to (RFC 5322 §3.6.4), the ticket's first mail of ours to the recipient is the thread's root, and
// no Message-ID of ours can be computed from what the mail is about.

let owner: Owner;
let orgAddress: string;

beforeAll(async () => {
  ({ owner, address: orgAddress } = await inboundDesk('ThreadHeaders'));
});

/** The single mail of `template` to `address`, with its thread as mailparser reads it. */
async function caught(address: string, template: string) {
  const [mail] = await waitForMail(address, 1, (m) => m.template === template);
  return threadOf(mail?.file ?? '');
}

const reply = async (ticketId: string, body: string) => {
  const res = await call(`/api/v1/orgs/${owner.orgId}/tickets/${ticketId}/messages`, {
    token: owner.token,
    body: { body },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
};

describe("a ticket's mails thread", () => {
  test("by mail: the confirmation answers the customer's mail, a reply names both", async () => {
    const customer = uniqueEmail('threaded');
    const { ticketId, messageId: original } = await ticketByMail(owner, orgAddress, customer);

    const root = await caught(customer, 'ticket-confirmation');
    expect(root.messageId).not.toBe(computableMessageId(`ticket-created:${ticketId}:requester`));
    expect(root.inReplyTo).toBe(original);
    expect(root.references).toEqual([original]);

    const answered = await reply(ticketId, 'We are on it.');
    const answer = await caught(customer, 'reply');
    expect(answer.messageId).not.toBe(computableMessageId(`reply:${answered}`));
    expect(answer.inReplyTo).toBe(root.messageId);
    expect(answer.references).toEqual([original, root.messageId]);
  });

  test("through the API: the confirmation is the root, an agent's reply answers it", async () => {
    const requester = await registerOwner('ThreadRequester');
    const agent = await addMember(requester, 'agent');
    const opened = await call(`/api/v1/orgs/${requester.orgId}/tickets`, {
      token: requester.token,
      body: { subject: 'Threaded by the API', body: 'Hello.' },
    });
    expect(opened.status).toBe(201);
    const ticketId: string = opened.body.id;
    const root = await caught(requester.email, 'ticket-confirmation');
    expect(root.messageId).not.toBe(computableMessageId(`ticket-created:${ticketId}:requester`));
    expect(root.inReplyTo).toBeNull();
    expect(root.references).toEqual([]);

    const answered = await call(`/api/v1/orgs/${requester.orgId}/tickets/${ticketId}/messages`, {
      token: agent.token,
      body: { body: 'Answered.' },
    });
    expect(answered.status).toBe(201);
    const answer = await caught(requester.email, 'reply');
    expect(answer.inReplyTo).toBe(root.messageId);
    expect(answer.references).toEqual([root.messageId]);
  });

  test("an agent's service-level alert answers the agent's own new-ticket notice", async () => {
    const { ticketId } = await ticketByMail(owner, orgAddress, uniqueEmail('alerted'));
    const [notice] = await waitForMail(
      owner.email,
      1,
      (m) => m.template === 'new-ticket' && m.text.includes(ticketId),
    );
    const root = await threadOf(notice?.file ?? '');
    expect(root.messageId).not.toBe(
      computableMessageId(`ticket-created:${ticketId}:agent:${owner.user.id}`),
    );

    const email = queueClient(deployment.queues.email);
    try {
      const job = await email.handle.add(
        'sla-alert',
        {
          orgId: owner.orgId,
          ticketId,
          userId: owner.user.id,
          kind: 'warning',
          target: 'firstResponse',
          cycle: '1',
          dueAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
        { jobId: `sla-warning-${ticketId}-thread-test` },
      );
      expect(await email.finished(job)).toEqual({ sent: 1 });
    } finally {
      await email.close();
    }
    const [alert] = await waitForMail(
      owner.email,
      1,
      (m) => m.template === 'sla-warning' && m.text.includes(ticketId),
    );
    const thread = await threadOf(alert?.file ?? '');
    expect(thread.inReplyTo).toBe(root.messageId);
    expect(thread.references).toEqual([root.messageId]);
  });
});
