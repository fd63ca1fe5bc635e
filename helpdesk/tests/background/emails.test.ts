import { afterAll, describe, expect, test } from 'bun:test';
import { addMember, PASSWORD, registerOwner, team, uniqueEmail } from '../../../tests/support/api';
import { call } from '../../../tests/support/http';
import { mailTo, waitForMail } from '../../../tests/support/mail';
import { restoreValkey, stack } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';

afterAll(async () => {
  await restoreValkey();
});

describe('emails', () => {
  test("an invitation email's link accepts the invitation", async () => {
    const owner = await registerOwner();
    const email = uniqueEmail('invitee');
    const invited = await call(`/api/v1/orgs/${owner.orgId}/invitations`, {
      token: owner.token,
      body: { email, role: 'agent' },
    });
    expect(invited.status).toBe(201);
    const [mail] = await waitForMail(email);
    expect(mail?.subject).toContain("Owner's org");
    expect(mail?.template).toBe('invitation');
    const link = mail?.text.match(/https:\/\/\S+\/invitations\/accept\?token=(\S+)/);
    expect(link).not.toBeNull();
    expect(mail?.html).toContain('/invitations/accept?token=');
    // What the README tells a newcomer to use to follow the link by hand.
    expect(await stack('mail', '100', '--text')).toContain(link?.[0] ?? 'no link');
    const accepted = await call('/api/v1/invitations/accept', {
      body: { token: decodeURIComponent(link?.[1] ?? ''), name: 'Invitee', password: PASSWORD },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.user.email).toBe(email);
    expect(accepted.body.organization.id).toBe(owner.orgId);
  });

  test('opening a ticket: confirmation to the requester, a notice to every agent, nobody else', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId, {
      subject: 'Laptop will not boot',
      body: 'Black screen since Monday.',
    });
    const [confirmation] = await waitForMail(
      t.requester.email,
      1,
      (m) => m.template === 'ticket-confirmation',
    );
    expect(confirmation?.subject).toBe(
      `[#${ticket.number}] We received your request: Laptop will not boot`,
    );
    expect(confirmation?.text).toContain('Black screen since Monday.');
    expect(confirmation?.html).toContain('Black screen since Monday.');
    for (const staff of [t.owner, t.admin, t.agent]) {
      const [notice] = await waitForMail(staff.email, 1, (m) => m.template === 'new-ticket');
      expect(notice?.subject).toContain('New ticket from Rita: Laptop will not boot');
      expect(notice?.text).toContain(`/orgs/${t.orgId}/tickets/${ticket.id}`);
    }
    await Bun.sleep(500);
    expect((await mailTo(t.requester2.email)).filter((m) => m.template !== 'invitation')).toEqual(
      [],
    );
    expect((await mailTo(t.agent.email)).filter((m) => m.template === 'new-ticket')).toHaveLength(
      1,
    );
  });

  test('a public reply is emailed to the requester; an internal note is not', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId, { subject: 'Printer jam' });
    const base = `/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/messages`;
    await call(base, {
      token: t.agent.token,
      body: { body: 'internal: jam again', internal: true },
    });
    await call(base, { token: t.agent.token, body: { body: 'Please open tray 2.' } });
    const [reply] = await waitForMail(t.requester.email, 1, (m) => m.template === 'reply');
    expect(reply?.subject).toBe(`Re: [#${ticket.number}] Printer jam`);
    expect(reply?.text).toContain('Please open tray 2.');
    await Bun.sleep(500);
    const all = await mailTo(t.requester.email);
    expect(all.filter((m) => m.template === 'reply')).toHaveLength(1);
    expect(JSON.stringify(all)).not.toContain('jam again');
  });

  test('with Valkey stopped a ticket still opens (201), and its emails arrive once it is back', async () => {
    const owner = await registerOwner();
    const agent = await addMember(owner, 'agent');
    await stack('stop', 'valkey');
    const res = await call(`/api/v1/orgs/${owner.orgId}/tickets`, {
      token: owner.token,
      body: { subject: 'During the outage', body: 'Committed anyway' },
    });
    expect(res.status).toBe(201);
    await Bun.sleep(1000);
    // (Registration mailed the verification link; nothing about the ticket yet.)
    expect(
      (await mailTo(owner.email)).filter((m) => m.subject.includes('During the outage')),
    ).toEqual([]);
    await restoreValkey();
    await waitForMail(owner.email, 1, (m) => m.subject.includes('During the outage'), 30_000);
    await waitForMail(agent.email, 1, (m) => m.subject.includes('During the outage'), 30_000);
  }, 60_000);
});
