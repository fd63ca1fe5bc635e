import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Notification } from '@insightdesk/helpdesk';
import {
  acceptLink,
  addMember,
  operatorToken,
  PASSWORD,
  registerOwner,
} from '../../../tests/support/api';
import { call } from '../../../tests/support/http';
import {
  proveDomain,
  setOauthFlag,
  signInThrough,
  signingKey,
  startOidcProvider,
} from '../../../tests/support/oidc';
import { type Client, connectClient, waitConnected } from '../../../tests/support/realtime';
import { eventually } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';

// A session started through an organization's identity provider reaches that organization only
// (docs/sso.md, "What a session reaches"): the help desk's notifications too — listed, and
// delivered on the user's private channel — are that organization's only.

const run = Math.random().toString(36).slice(2, 8);
const CLIENT = { client_id: `reach-${run}`, client_secret: `reach-secret-${run}-0123456789` };
let operator: string;
let idp: Awaited<ReturnType<typeof startOidcProvider>>;

beforeAll(async () => {
  operator = await operatorToken();
  await setOauthFlag(operator, true);
  idp = await startOidcProvider([CLIENT], [(await signingKey()).privateJwk]);
}, 120_000);

afterAll(async () => {
  await idp?.stop();
  await setOauthFlag(operator, false);
});

/** A socket that subscribes to nothing, and the notifications its private channel brings. */
async function inbox(token: string) {
  const socket: Client = connectClient({ token });
  const received: Notification[] = [];
  socket.on('notification.created', (n) => received.push(n));
  await waitConnected(socket);
  return { socket, received };
}

test("a provider's session hears and lists its organization's notifications only", async () => {
  // The person: an address on A's proven domain, their own organization (B), and an agent of
  // A, whose provider they link.
  const domain = `reach-${run}.test`;
  const a = await registerOwner('ProviderOrg', { email: `owner-${run}@${domain}` });
  expect((await proveDomain(a, domain)).status).toBe(200);
  const person = await registerOwner('Linked', { email: `linked-${run}@${domain}` });
  expect(
    (
      await call(`/api/v1/orgs/${a.orgId}/sso`, {
        method: 'PUT',
        token: a.token,
        body: {
          currentPassword: PASSWORD,
          issuer: idp.issuer,
          clientId: CLIENT.client_id,
          clientSecret: CLIENT.client_secret,
          vouchedDomains: [domain],
          jitRole: 'agent',
        },
      })
    ).status,
  ).toBe(200);
  const invited = await call(`/api/v1/orgs/${a.orgId}/invitations`, {
    token: a.token,
    body: { email: person.email, role: 'agent' },
  });
  expect(
    (
      await call('/api/v1/invitations/accept', {
        token: person.token,
        body: { token: acceptLink(invited.body.id) },
      })
    ).status,
  ).toBe(200);
  const subject = { sub: `reach-${run}`, email: person.email, email_verified: true };
  const offered = await signInThrough(a.orgId, subject);
  const linked = await call('/api/v1/auth/oidc/link', {
    body: { ticket: offered.exchange?.body.linkTicket, password: PASSWORD },
  });
  expect(linked.status).toBe(200);
  const confined = linked.body.tokens.accessToken as string;

  const full = await inbox(person.token);
  const narrow = await inbox(confined);
  try {
    // A ticket assigned to them in each organization, by someone else.
    const assign = async (org: typeof a, assigner: string) => {
      const requester = await addMember(org, 'requester');
      const ticket = await openTicket(requester, org.orgId, { subject: `In ${org.orgId}` });
      const res = await call(`/api/v1/orgs/${org.orgId}/tickets/${ticket.id}`, {
        method: 'PATCH',
        token: assigner,
        headers: { 'If-Match': '"1"' },
        body: { assigneeId: person.user.id },
      });
      expect(res.status).toBe(200);
    };
    await assign(person, (await addMember(person, 'admin')).token);
    await assign(a, a.token);
    await eventually(() => full.received.length === 2, 10_000);
    await eventually(() => narrow.received.length === 1, 10_000);
    await Bun.sleep(300);
    expect(narrow.received.map((n) => n.orgId)).toEqual([a.orgId]);

    const listed = (token: string) =>
      call('/api/v1/me/notifications', { token }).then((r) =>
        (r.body.items as Notification[]).map((n) => n.orgId).sort(),
      );
    expect(await listed(person.token)).toEqual([a.orgId, person.orgId].sort());
    expect(await listed(confined)).toEqual([a.orgId]);
    // Marking all read from the narrow session leaves the other organization's unread.
    const marked = await call('/api/v1/me/notifications/read', {
      token: confined,
      body: { all: true },
    });
    expect(marked.body.unreadCount).toBe(0);
    const left = await call('/api/v1/me/notifications', { token: person.token });
    expect(left.body.unreadCount).toBe(1);

    // A requires SSO: its notifications reach the sessions its provider started, no other. Its
    // owner works through the provider too (linked with their password).
    const ownerSubject = { sub: `owner-${run}`, email: a.email, email_verified: true };
    const ownerOffer = await signInThrough(a.orgId, ownerSubject);
    const ownerLinked = await call('/api/v1/auth/oidc/link', {
      body: { ticket: ownerOffer.exchange?.body.linkTicket, password: PASSWORD },
    });
    expect(ownerLinked.status).toBe(200);
    const requester = await addMember(a, 'requester');
    const ticket = await openTicket(requester, a.orgId, { subject: 'Behind SSO' });
    const settings = {
      currentPassword: PASSWORD,
      issuer: idp.issuer,
      clientId: CLIENT.client_id,
      vouchedDomains: [domain],
      jitRole: 'agent',
      ssoRequired: true,
    };
    const required = await call(`/api/v1/orgs/${a.orgId}/sso`, {
      method: 'PUT',
      token: a.token,
      body: settings,
    });
    expect(required.status).toBe(200);
    const assigned = await call(`/api/v1/orgs/${a.orgId}/tickets/${ticket.id}`, {
      method: 'PATCH',
      token: ownerLinked.body.tokens.accessToken,
      headers: { 'If-Match': '"1"' },
      body: { assigneeId: person.user.id },
    });
    expect(assigned.status).toBe(200);
    await eventually(() => narrow.received.length === 2, 10_000);
    await Bun.sleep(300);
    expect(full.received).toHaveLength(2);
    expect(await listed(person.token)).toEqual([person.orgId]);
    expect(await listed(confined)).toEqual([a.orgId, a.orgId]);
  } finally {
    full.socket.disconnect();
    narrow.socket.disconnect();
  }
});
