import { describe, expect, test } from 'bun:test';
import { acceptLink, addMember, PASSWORD, registerOwner, team, uniqueEmail } from '../support/api';
import { call, isProblem } from '../support/http';

describe('organizations, members and invitations', () => {
  test('any user creates an organization and becomes its owner', async () => {
    const owner = await registerOwner();
    const res = await call('/api/v1/orgs', { token: owner.token, body: { name: 'Second' } });
    expect(res.status).toBe(201);
    const got = await call(`/api/v1/orgs/${res.body.id}`, { token: owner.token });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
    const me = await call('/api/v1/me', { token: owner.token });
    expect(me.body.memberships.map((m: { role: string }) => m.role)).toEqual(['owner', 'owner']);
  });

  test('members list is for agents and above', async () => {
    const t = await team();
    const byAgent = await call(`/api/v1/orgs/${t.orgId}/members`, { token: t.agent.token });
    expect(byAgent.status).toBe(200);
    expect(byAgent.body.items.map((m: { role: string }) => m.role).sort()).toEqual([
      'admin',
      'agent',
      'owner',
      'requester',
      'requester',
    ]);
    expect(byAgent.body.nextCursor).toBeNull();
    const page = await call(`/api/v1/orgs/${t.orgId}/members?limit=2`, { token: t.agent.token });
    expect(page.body.items).toHaveLength(2);
    const next = await call(
      `/api/v1/orgs/${t.orgId}/members?limit=2&cursor=${page.body.nextCursor}`,
      {
        token: t.agent.token,
      },
    );
    expect(next.body.items[0].user.id).not.toBe(page.body.items[1].user.id);
    const byRequester = await call(`/api/v1/orgs/${t.orgId}/members`, { token: t.requester.token });
    expect(byRequester.status).toBe(403);
    expect(isProblem(byRequester)).toBe(true);
  });

  test('invitations: admins invite, agents cannot, only owners invite owners', async () => {
    const t = await team();
    const invite = (token: string, role: string) =>
      call(`/api/v1/orgs/${t.orgId}/invitations`, {
        token,
        body: { email: uniqueEmail('inv'), role },
      });
    expect((await invite(t.admin.token, 'agent')).status).toBe(201);
    expect((await invite(t.agent.token, 'agent')).status).toBe(403);
    expect((await invite(t.requester.token, 'requester')).status).toBe(403);
    expect((await invite(t.admin.token, 'owner')).status).toBe(403);
    expect((await invite(t.owner.token, 'owner')).status).toBe(201);
  });

  test('accepting: a new person needs name and password; a link works once; a forged one never', async () => {
    const owner = await registerOwner();
    const email = uniqueEmail('new');
    const invited = await call(`/api/v1/orgs/${owner.orgId}/invitations`, {
      token: owner.token,
      body: { email, role: 'agent' },
    });
    const token = acceptLink(invited.body.id);
    const missing = await call('/api/v1/invitations/accept', { body: { token } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'name',
      'password',
    ]);
    const ok = await call('/api/v1/invitations/accept', {
      body: { token, name: 'Nia', password: PASSWORD },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.user.email).toBe(email);
    expect(ok.body.organization.id).toBe(owner.orgId);
    const members = await call(`/api/v1/orgs/${owner.orgId}/members`, {
      token: ok.body.tokens.accessToken,
    });
    expect(members.status).toBe(200);
    const again = await call('/api/v1/invitations/accept', {
      body: { token, name: 'Nia', password: PASSWORD },
    });
    expect(again.status).toBe(404);
    const forged = await call('/api/v1/invitations/accept', {
      body: { token: `${invited.body.id}.${'A'.repeat(43)}`, name: 'X', password: PASSWORD },
    });
    expect(forged.status).toBe(404);
    expect(forged.body.code).toBe('invitation_invalid');
  });

  test('an existing account accepts into a second organization (signed in)', async () => {
    const first = await registerOwner('First');
    const second = await registerOwner('Second');
    const invited = await call(`/api/v1/orgs/${second.orgId}/invitations`, {
      token: second.token,
      body: { email: first.email, role: 'agent' },
    });
    const ok = await call('/api/v1/invitations/accept', {
      token: first.token,
      body: { token: acceptLink(invited.body.id) },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.user.id).toBe(first.user.id);
    const me = await call('/api/v1/me', { token: first.token });
    expect(me.body.memberships.map((m: { role: string }) => m.role).sort()).toEqual([
      'agent',
      'owner',
    ]);
  });

  test('role changes apply at once (cached roles are invalidated); the last owner is protected', async () => {
    const t = await team();
    // The admin's role is cached by this call…
    expect((await call(`/api/v1/orgs/${t.orgId}/members`, { token: t.admin.token })).status).toBe(
      200,
    );
    const demote = await call(`/api/v1/orgs/${t.orgId}/members/${t.admin.user.id}`, {
      method: 'PATCH',
      token: t.owner.token,
      body: { role: 'agent' },
    });
    expect(demote.status).toBe(200);
    expect(demote.body.role).toBe('agent');
    // …and is gone right after the change: pending invitations are for admins and above.
    const invitations = await call(`/api/v1/orgs/${t.orgId}/invitations`, { token: t.admin.token });
    expect(invitations.status).toBe(403);

    const lastOwner = await call(`/api/v1/orgs/${t.orgId}/members/${t.owner.user.id}`, {
      method: 'PATCH',
      token: t.owner.token,
      body: { role: 'admin' },
    });
    expect(lastOwner.status).toBe(409);
    expect(lastOwner.body.code).toBe('last_owner');
    expect(
      (
        await call(`/api/v1/orgs/${t.orgId}/members/${t.owner.user.id}`, {
          method: 'DELETE',
          token: t.owner.token,
        })
      ).status,
    ).toBe(409);
    // An admin cannot touch an owner.
    const admin = await addMember(t.owner, 'admin');
    const byAdmin = await call(`/api/v1/orgs/${t.orgId}/members/${t.owner.user.id}`, {
      method: 'PATCH',
      token: admin.token,
      body: { role: 'agent' },
    });
    expect(byAdmin.status).toBe(403);
    // With a second owner, the first may step down.
    const coOwner = await addMember(t.owner, 'owner');
    const stepDown = await call(`/api/v1/orgs/${t.orgId}/members/${t.owner.user.id}`, {
      method: 'PATCH',
      token: coOwner.token,
      body: { role: 'admin' },
    });
    expect(stepDown.status).toBe(200);
  });

  test('a role the deployment does not declare is refused, in any spelling, and changes nothing', async () => {
    const t = await team();
    const refused = [
      'superuser', // declared by nobody
      'Admin', // a declared role, spelled otherwise
      'admin ',
      'any member', // the platform's own minimums are no roles
      'a role that sees the whole organization',
      'x'.repeat(5000),
      '',
    ];
    for (const role of refused) {
      const invited = await call(`/api/v1/orgs/${t.orgId}/invitations`, {
        token: t.owner.token,
        body: { email: uniqueEmail('refused'), role },
      });
      expect(invited.status).toBe(400);
      const changed = await call(`/api/v1/orgs/${t.orgId}/members/${t.agent.user.id}`, {
        method: 'PATCH',
        token: t.owner.token,
        body: { role },
      });
      expect(changed.status).toBe(400);
    }
    const pending = await call(`/api/v1/orgs/${t.orgId}/invitations`, { token: t.owner.token });
    expect(pending.body.items).toEqual([]);
    const members = await call(`/api/v1/orgs/${t.orgId}/members`, { token: t.owner.token });
    const agent = members.body.items.find(
      (m: { user: { id: string } }) => m.user.id === t.agent.user.id,
    );
    expect(agent?.role).toBe('agent');
  });

  test('a removed member loses access immediately', async () => {
    const t = await team();
    expect((await call(`/api/v1/orgs/${t.orgId}`, { token: t.agent.token })).status).toBe(200);
    const removed = await call(`/api/v1/orgs/${t.orgId}/members/${t.agent.user.id}`, {
      method: 'DELETE',
      token: t.admin.token,
    });
    expect(removed.status).toBe(204);
    expect((await call(`/api/v1/orgs/${t.orgId}`, { token: t.agent.token })).status).toBe(404);
    const unknown = await call(`/api/v1/orgs/${t.orgId}/members/${crypto.randomUUID()}`, {
      method: 'DELETE',
      token: t.admin.token,
    });
    expect(unknown.status).toBe(404);
  });
});
