import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { maintenanceQueue } from '@insightdesk/shared/queues';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import postgres from 'postgres';
import {
  acceptLink,
  accountLink,
  addMember,
  operatorToken,
  PASSWORD,
  plantSecondFactor,
  registerOwner,
} from '../support/api';
import { call } from '../support/http';
import {
  callbackVia,
  getApi,
  proveDomain,
  setOauthFlag,
  setTxtRecord,
  signInThrough,
  signingKey,
  startOidcProvider,
  type TestAccount,
  type TestClient,
  toCallback,
} from '../support/oidc';
import { queueClient } from '../support/queues';
import { connectClient, request, waitConnected } from '../support/realtime';
import { eventually, ROOT } from '../support/stack';

// The third attacker pass on sign-in, written the way the attacker worked: an organization admin
// with an OpenID provider of their own (panva's oidc-provider under Node, its settings the
// defaults: the email released at userinfo only), signing in as other people's addresses
// (docs/sso.md, "Trust model").

const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
  max: 2,
  onnotice: () => {},
});
const maintenance = queueClient(maintenanceQueue);
const run = Math.random().toString(36).slice(2, 8);
/** The attacker's organization proves this domain; the victims' addresses are elsewhere. */
const ATTACKER_DOMAIN = `attacker-${run}.test`;
const VICTIM_DOMAIN = `victim-${run}.test`;
const CLIENT: TestClient = { client_id: `trust-${run}`, client_secret: `secret-${run}-0123456789` };
const POST_CLIENT: TestClient = {
  client_id: `trust-post-${run}`,
  client_secret: `post-secret-${run}-0123456789`,
  token_endpoint_auth_method: 'client_secret_post',
};

let operator: string;
let idp: Awaited<ReturnType<typeof startOidcProvider>>;
let attacker: Awaited<ReturnType<typeof registerOwner>>;
let n = 0;
const assertion = (email: string, extra: Partial<TestAccount> = {}): TestAccount => ({
  sub: `trust-${run}-${++n}`,
  email,
  email_verified: true,
  name: 'Asserted',
  ...extra,
});

const setFlag = (enabled: boolean, orgId?: string) => setOauthFlag(operator, enabled, orgId);

const ssoSettings = (account: { token: string; orgId: string }, body: Record<string, unknown>) =>
  call(`/api/v1/orgs/${account.orgId}/sso`, { method: 'PUT', token: account.token, body });

const useIdp = (
  account: { token: string; orgId: string },
  extra: Record<string, unknown> = {},
  client: TestClient = CLIENT,
) =>
  ssoSettings(account, {
    currentPassword: PASSWORD,
    issuer: idp.issuer,
    clientId: client.client_id,
    clientSecret: client.client_secret,
    jitRole: 'agent',
    ...extra,
  });

const signIn = signInThrough;

/** A verified (or not) account with its own organization, at an address of our choosing. */
async function victimAt(email: string, verified = true) {
  const owner = await registerOwner('Victim', { email, verified });
  return { ...owner, id: owner.user.id };
}

/** `who` joins `org` by invitation (accepted with their own session). */
async function join(org: { token: string; orgId: string }, who: { token: string }, email: string) {
  const invited = await call(`/api/v1/orgs/${org.orgId}/invitations`, {
    token: org.token,
    body: { email, role: 'requester' },
  });
  expect(invited.status).toBe(201);
  const accepted = await call('/api/v1/invitations/accept', {
    token: who.token,
    body: { token: acceptLink(invited.body.id) },
  });
  expect(accepted.status).toBe(200);
}

const identitiesOf = async (userId: string) =>
  (await db`select linked_by from oidc_identities where user_id = ${userId}`).map(
    (r) => r.linked_by as string,
  );

beforeAll(async () => {
  operator = await operatorToken();
  await setFlag(true);
  idp = await startOidcProvider([CLIENT, POST_CLIENT], [(await signingKey()).privateJwk]);
  attacker = await registerOwner('Attacker');
  expect((await proveDomain(attacker, ATTACKER_DOMAIN)).status).toBe(200);
  expect((await useIdp(attacker, { vouchedDomains: [ATTACKER_DOMAIN] })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await idp?.stop();
  if (operator) await setFlag(false);
  await maintenance.close();
  await db.end();
});

describe('proven domains', () => {
  test('a domain the organization did not prove cannot be vouched for; its record proves it, once, for one organization', async () => {
    // The attacker lists the victims' domain: refused, nothing stored.
    const listed = await useIdp(attacker, { vouchedDomains: [ATTACKER_DOMAIN, VICTIM_DOMAIN] });
    expect(listed.status).toBe(400);
    expect(listed.body.errors[0].path).toBe('vouchedDomains.1');
    const settings = await call(`/api/v1/orgs/${attacker.orgId}/sso`, { token: attacker.token });
    expect(settings.body.vouchedDomains).toEqual([ATTACKER_DOMAIN]);

    // Claimed, but the record is not theirs to publish: the check fails and proves nothing.
    const claimed = await call(`/api/v1/orgs/${attacker.orgId}/domains`, {
      token: attacker.token,
      body: { domain: VICTIM_DOMAIN },
    });
    expect(claimed.status).toBe(201);
    expect(claimed.body).toMatchObject({
      domain: VICTIM_DOMAIN,
      status: 'pending',
      record: { type: 'TXT', name: `_insightdesk-challenge.${VICTIM_DOMAIN}` },
    });
    const check = await call(`/api/v1/orgs/${attacker.orgId}/domains/${VICTIM_DOMAIN}/verify`, {
      method: 'POST',
      token: attacker.token,
    });
    expect(check.status).toBe(422);
    expect(check.body.code).toBe('domain_unverified');

    // The domain's real owner proves it; the attacker, even with a record of their own
    // published later, cannot take it while it is held.
    const owner = await registerOwner('DomainOwner');
    expect((await proveDomain(owner, VICTIM_DOMAIN)).status).toBe(200);
    setTxtRecord(claimed.body.record.name, claimed.body.record.value);
    const taken = await call(`/api/v1/orgs/${attacker.orgId}/domains/${VICTIM_DOMAIN}/verify`, {
      method: 'POST',
      token: attacker.token,
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('domain_claimed');
    const list = await call(`/api/v1/orgs/${attacker.orgId}/domains`, { token: attacker.token });
    expect(list.body.items.find((d: { domain: string }) => d.domain === VICTIM_DOMAIN).status).toBe(
      'pending',
    );
    expect(
      (
        await call(`/api/v1/orgs/${attacker.orgId}/domains/${VICTIM_DOMAIN}`, {
          method: 'DELETE',
          token: attacker.token,
        })
      ).status,
    ).toBe(204);

    // Hostile input: wildcards, junk, another tenant's organization.
    for (const domain of ['*', '*.example.com', 'localhost', 'a'.repeat(300), '../x', '']) {
      const res = await call(`/api/v1/orgs/${attacker.orgId}/domains`, {
        token: attacker.token,
        body: { domain },
      });
      expect(res.status).toBe(400);
    }
    const stranger = await registerOwner('Stranger');
    expect(
      (await call(`/api/v1/orgs/${attacker.orgId}/domains`, { token: stranger.token })).status,
    ).toBe(404);
  });

  test('a proof whose record is gone at two re-checks is lost: the domain vouches for nobody', async () => {
    const org = await registerOwner('Rechecked');
    const domain = `rechecked-${run}.test`;
    const proven = await proveDomain(org, domain);
    expect(proven.status).toBe(200);
    expect((await useIdp(org, { vouchedDomains: [domain] })).status).toBe(200);
    setTxtRecord(proven.body.record.name, null);
    const recheck = async () => {
      await db`update organization_domains set checked_at = now() - interval '2 days'
                where domain = ${domain}`;
      const job = await maintenance.handle.add(
        'recheck-domains',
        {},
        { jobId: `rd-${Date.now()}` },
      );
      return (await maintenance.finished(job, 30_000)) as { checked: number; lost: number };
    };
    expect((await recheck()).checked).toBeGreaterThanOrEqual(1);
    const [still] = await db`select verified_at from organization_domains where domain = ${domain}`;
    expect(still?.verified_at).not.toBeNull();
    await recheck();
    const [lost] = await db`select verified_at from organization_domains where domain = ${domain}`;
    expect(lost?.verified_at).toBeNull();
    // Its provider makes no account there any more.
    const { error } = await signIn(org.orgId, assertion(`new-${run}@${domain}`));
    expect(error).toBe('domain_not_vouched');
    const trail = await call(`/api/v1/orgs/${org.orgId}/audit-log?action=sso.domain-lost`, {
      token: org.token,
    });
    expect(trail.body.items.length).toBe(1);
  });

  test('asking for checks again and again keeps no proof alive whose record is gone', async () => {
    const org = await registerOwner('Poker');
    const domain = `poked-${run}.test`;
    const proven = await proveDomain(org, domain);
    expect(proven.status).toBe(200);
    setTxtRecord(proven.body.record.name, null);
    const poke = () =>
      call(`/api/v1/orgs/${org.orgId}/domains/${domain}/verify`, {
        method: 'POST',
        token: org.token,
      });
    expect((await poke()).status).toBe(422);
    const [missed] =
      await db`select verified_at from organization_domains where domain = ${domain}`;
    expect(missed?.verified_at).not.toBeNull();
    expect((await poke()).status).toBe(422);
    const [lost] = await db`select verified_at from organization_domains where domain = ${domain}`;
    expect(lost?.verified_at).toBeNull();
    // Another organization whose record is there now proves it.
    const next = await registerOwner('NextOwner');
    expect((await proveDomain(next, domain)).status).toBe(200);
  });
});

describe("an organization's provider speaks for that organization only", () => {
  test("an admin's own provider asserting a member's address (verified, mfa) gets no session of that account", async () => {
    const email = `member-${run}@${VICTIM_DOMAIN}`;
    const victim = await victimAt(email);
    await plantSecondFactor(victim.id);
    await join(attacker, victim, email);
    const { error, exchange } = await signIn(
      attacker.orgId,
      assertion(email, { amr: ['pwd', 'mfa'] }),
    );
    // Outside its proven domains the provider speaks for no one: no session, not even a link
    // offered (which would also tell who has an account).
    expect(error).toBe('domain_not_vouched');
    expect(exchange).toBeUndefined();
    expect(await identitiesOf(victim.id)).toEqual([]);
    // On its own proven domain an existing account is not linked on the provider's word either:
    // its holder must prove it. (Within one organization: the admin's provider asserting the
    // owner's address.)
    const colleague = `owner-${run}@${ATTACKER_DOMAIN}`;
    const owner = await victimAt(colleague);
    await plantSecondFactor(owner.id);
    const own = await signIn(attacker.orgId, assertion(colleague, { amr: ['mfa'] }));
    expect(own.exchange?.status).toBe(409);
    expect(own.exchange?.body.code).toBe('account_link_required');
    expect(own.exchange?.body.tokens).toBeUndefined();
    expect(await identitiesOf(owner.id)).toEqual([]);
  });

  test("an admin cannot point the organization's provider elsewhere; its owner can, which ends its links and sessions", async () => {
    const org = await registerOwner('ProviderOwner');
    const admin = await addMember(org, 'admin');
    const domain = `owners-${run}.test`;
    expect((await proveDomain(org, domain)).status).toBe(200);
    const asAdmin = await useIdp(
      { token: admin.token, orgId: org.orgId },
      { vouchedDomains: [domain] },
    );
    expect(asAdmin.status).toBe(403);
    expect(asAdmin.body.code).toBe('insufficient_role');
    expect((await useIdp(org, { vouchedDomains: [domain] })).status).toBe(200);
    // A member signs in through it; then the owner removes the provider.
    const member = await signIn(org.orgId, assertion(`m-${run}@${domain}`));
    expect(member.exchange?.status).toBe(200);
    const { accessToken, refreshToken } = member.exchange?.body.tokens ?? {};
    expect(member.exchange?.body.deviceToken).toBeUndefined();
    const userId = member.exchange?.body.user.id as string;
    expect(await identitiesOf(userId)).toEqual(['provisioned']);
    const removed = await call(`/api/v1/orgs/${org.orgId}/sso/remove`, {
      token: org.token,
      body: { currentPassword: PASSWORD },
    });
    expect(removed.status).toBe(204);
    expect(await identitiesOf(userId)).toEqual([]);
    expect((await call('/api/v1/auth/refresh', { body: { refreshToken } })).status).toBe(401);
    await eventually(
      async () => (await call(`/api/v1/orgs/${org.orgId}`, { token: accessToken })).status === 401,
    );
  });

  test("an identity linked through one organization's provider joins no other organization on the same issuer outside its domains", async () => {
    // Someone whose identity at the issuer was linked through the attacker's organization…
    const email = `roamer-${run}@${ATTACKER_DOMAIN}`;
    const subject = assertion(email);
    const made = await signIn(attacker.orgId, subject);
    expect(made.exchange?.status).toBe(200);
    // …signs in through another organization's provider on the same issuer, which provisions
    // agents of its own domain: not one of its people, not joined.
    const other = await registerOwner('SameIssuer');
    const domain = `same-issuer-${run}.test`;
    expect((await proveDomain(other, domain)).status).toBe(200);
    expect((await useIdp(other, { vouchedDomains: [domain] })).status).toBe(200);
    const { error } = await signIn(other.orgId, subject);
    expect(error).toBe('sso_not_a_member');
    const [joined] = await db`select 1 from memberships
      where org_id = ${other.orgId} and user_id = ${made.exchange?.body.user.id}`;
    expect(joined).toBeUndefined();
  });

  test('a link on the provider word alone, as the previous release made them, signs in no one', async () => {
    const email = `legacy-${run}@${ATTACKER_DOMAIN}`;
    const victim = await victimAt(email);
    await join(attacker, victim, email);
    const subject = assertion(email);
    await db`insert into oidc_identities (id, user_id, issuer, subject, email)
             values (gen_random_uuid(), ${victim.id}, ${idp.issuer}, ${subject.sub}, ${email})`;
    const { exchange } = await signIn(attacker.orgId, subject);
    expect(exchange?.status).toBe(409);
    expect(exchange?.body.code).toBe('account_link_required');
  });

  test('a link its holder made reaches that organization only, and still asks for their own second factor', async () => {
    const email = `linked-${run}@${ATTACKER_DOMAIN}`;
    const victim = await victimAt(email);
    await join(attacker, victim, email);
    const subject = assertion(email, { amr: ['pwd', 'mfa'] });
    const first = await signIn(attacker.orgId, subject);
    expect(first.exchange?.status).toBe(409);
    // The holder proves the account (their password) and links it.
    const linked = await call('/api/v1/auth/oidc/link', {
      body: { ticket: first.exchange?.body.linkTicket, password: PASSWORD },
    });
    expect(linked.status).toBe(200);
    expect(await identitiesOf(victim.id)).toEqual(['owner']);

    // From now on the attacker's provider signs in as that account — into the attacker's
    // organization only.
    const again = await signIn(attacker.orgId, subject);
    expect(again.exchange?.status).toBe(200);
    const token = again.exchange?.body.tokens.accessToken as string;
    expect((await call(`/api/v1/orgs/${attacker.orgId}`, { token })).status).toBe(200);
    const other = await call(`/api/v1/orgs/${victim.orgId}/members`, { token });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('step_up_required');
    // The same answer for any other id: it tells nothing of which organizations the account has.
    const unknown = await call(`/api/v1/orgs/${crypto.randomUUID()}`, { token });
    expect(unknown.status).toBe(403);
    expect(unknown.body.code).toBe('step_up_required');
    const invite = await call(`/api/v1/orgs/${victim.orgId}/invitations`, {
      token,
      body: { email: attacker.email, role: 'owner' },
    });
    expect(invite.status).toBe(403);
    const me = await call('/api/v1/me', { token });
    expect(
      me.body.memberships.map((m: { organization: { id: string } }) => m.organization.id),
    ).toEqual([attacker.orgId]);
    // Nor the account itself: password, sessions, second factor, its trail, new organizations.
    for (const [path, method, body] of [
      ['/api/v1/me/password', 'POST', { currentPassword: PASSWORD, newPassword: 'x'.repeat(12) }],
      ['/api/v1/me/sessions', 'DELETE', undefined],
      ['/api/v1/me/2fa/setup', 'POST', { currentPassword: PASSWORD }],
      ['/api/v1/me/audit-log', 'GET', undefined],
      ['/api/v1/me/identities', 'GET', undefined],
      ['/api/v1/orgs', 'POST', { name: 'Another' }],
    ] as const) {
      const res = await call(path, { method, token, ...(body ? { body } : {}) });
      expect({ path, status: res.status, code: res.body?.code }).toEqual({
        path,
        status: 403,
        code: 'step_up_required',
      });
    }
    // Nor can it join the account to another organization, for a session that would reach more.
    const elsewhere = await registerOwner('AttackerTwo');
    const invited = await call(`/api/v1/orgs/${elsewhere.orgId}/invitations`, {
      token: elsewhere.token,
      body: { email, role: 'owner' },
    });
    const joined = await call('/api/v1/invitations/accept', {
      token,
      body: { token: acceptLink(invited.body.id) },
    });
    expect(joined.status).toBe(403);
    expect(joined.body.code).toBe('step_up_required');
    // Its refreshed tokens reach no further.
    const refreshed = await call('/api/v1/auth/refresh', {
      body: { refreshToken: again.exchange?.body.tokens.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    const after = await call(`/api/v1/orgs/${victim.orgId}`, {
      token: refreshed.body.tokens.accessToken,
    });
    expect(after.status).toBe(403);
    // Nor does its socket.
    const socket = connectClient({ token });
    try {
      await waitConnected(socket);
      expect(await request(socket, 'subscribe', { orgId: victim.orgId })).toEqual({
        ok: false,
        error: 'step_up_required',
      });
      expect((await request(socket, 'subscribe', { orgId: attacker.orgId })).ok).toBe(true);
    } finally {
      socket.disconnect();
    }
    // The account's own second factor applies, whatever the provider's amr says.
    await plantSecondFactor(victim.id);
    const challenged = await signIn(attacker.orgId, subject);
    expect(challenged.exchange?.status).toBe(200);
    expect(challenged.exchange?.body.twoFactorRequired).toBe(true);
    expect(challenged.exchange?.body.tokens).toBeUndefined();
    // The holder sees the link from their own sign-in, and ends it.
    const listed = await call('/api/v1/me/identities', { token: victim.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        issuer: idp.issuer,
        linkedBy: 'owner',
        organizationId: attacker.orgId,
      }),
    ]);
    const unlinked = await call(`/api/v1/me/identities/${listed.body.items[0].id}`, {
      method: 'DELETE',
      token: victim.token,
    });
    expect(unlinked.status).toBe(204);
    const gone = await signIn(attacker.orgId, subject);
    expect(gone.exchange?.status).toBe(409);
    expect(
      (
        await call(`/api/v1/me/identities/${listed.body.items[0].id}`, {
          method: 'DELETE',
          token: victim.token,
        })
      ).status,
    ).toBe(404);
  });

  test('an unverified account that owns data is neither taken over nor linked', async () => {
    const email = `squatted-${run}@${ATTACKER_DOMAIN}`;
    const owner = await victimAt(email, false);
    const { error } = await signIn(attacker.orgId, assertion(email));
    expect(error).toBe('account_unverified');
    expect(await identitiesOf(owner.id)).toEqual([]);
    // Its password and sessions still work.
    expect((await call('/api/v1/me', { token: owner.token })).status).toBe(200);
    const login = await call('/api/v1/auth/login', { body: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect((await call(`/api/v1/orgs/${owner.orgId}`, { token: owner.token })).status).toBe(200);
  });

  test('no account is made for a domain the organization does not hold; the mailbox owner ends the links of one it did', async () => {
    // A domain it never proved: nothing is created.
    const stranger = `someone-${run}@${VICTIM_DOMAIN}`;
    const refused = await signIn(attacker.orgId, assertion(stranger));
    expect(refused.error).toBe('domain_not_vouched');
    expect((await db`select 1 from users where email = ${stranger}`).length).toBe(0);

    // On its proven domain the provider makes an account (managed by the organization)…
    const email = `jit-${run}@${ATTACKER_DOMAIN}`;
    const subject = assertion(email);
    const created = await signIn(attacker.orgId, subject);
    expect(created.exchange?.status).toBe(200);
    const userId = created.exchange?.body.user.id as string;
    expect(await identitiesOf(userId)).toEqual(['provisioned']);
    // …which it manages: its session reaches the account too.
    const managed = created.exchange?.body.tokens.accessToken as string;
    expect((await call('/api/v1/me/audit-log', { token: managed })).status).toBe(200);

    // The mailbox's owner resets the password: the provider's link ends with every session.
    expect((await call('/api/v1/auth/password-reset', { body: { email } })).status).toBe(202);
    const tokenId = await eventually(async () => {
      const [row] = await db<{ id: string }[]>`
        select id from account_tokens where user_id = ${userId} and purpose = 'password_reset'
         and used_at is null`;
      return row?.id;
    });
    const reset = await call('/api/v1/auth/password-reset/confirm', {
      body: { token: accountLink('password_reset', tokenId), password: 'the owner chose this' },
    });
    expect(reset.status).toBe(204);
    expect(await identitiesOf(userId)).toEqual([]);
    await eventually(async () => (await call('/api/v1/me', { token: managed })).status === 401);
    // The provider's subject signs in again: no session, the holder's proof is asked.
    const again = await signIn(attacker.orgId, subject);
    expect(again.exchange?.status).toBe(409);
    expect(again.exchange?.body.code).toBe('account_link_required');
  });
});

describe('SSO required gates that organization only', () => {
  test("a member's password login and other organizations stay; that organization needs its provider", async () => {
    const org = await registerOwner('Required');
    const domain = `required-${run}.test`;
    expect((await proveDomain(org, domain)).status).toBe(200);
    const email = `member-${run}@${domain}`;
    const member = await victimAt(email);
    await join(org, member, email);
    const before = await call('/api/v1/auth/login', { body: { email, password: PASSWORD } });
    expect(before.status).toBe(200);
    const newcomer = await victimAt(`newcomer-${run}@${domain}`);
    const invitation = await call(`/api/v1/orgs/${org.orgId}/invitations`, {
      token: org.token,
      body: { email: `newcomer-${run}@${domain}`, role: 'agent' },
    });
    expect(invitation.status).toBe(201);
    expect((await useIdp(org, { vouchedDomains: [domain], ssoRequired: true })).status).toBe(200);
    try {
      const login = await call('/api/v1/auth/login', { body: { email, password: PASSWORD } });
      expect(login.status).toBe(200);
      const token = login.body.tokens.accessToken;
      expect((await call(`/api/v1/orgs/${member.orgId}`, { token })).status).toBe(200);
      const gated = await call(`/api/v1/orgs/${org.orgId}`, { token });
      expect(gated.status).toBe(403);
      expect(gated.body.code).toBe('sso_required');
      // A session opened before keeps refreshing, and reaches it no more.
      const refreshed = await call('/api/v1/auth/refresh', {
        body: { refreshToken: before.body.tokens.refreshToken },
      });
      expect(refreshed.status).toBe(200);
      expect(
        (await call(`/api/v1/orgs/${org.orgId}`, { token: refreshed.body.tokens.accessToken }))
          .status,
      ).toBe(403);
      const socket = connectClient({ token });
      try {
        await waitConnected(socket);
        expect(await request(socket, 'subscribe', { orgId: org.orgId })).toEqual({
          ok: false,
          error: 'sso_required',
        });
      } finally {
        socket.disconnect();
      }
      // The admin, with a password session, can still fix or remove the provider.
      expect((await call(`/api/v1/orgs/${org.orgId}/sso`, { token: org.token })).status).toBe(200);
      // Joining is no data: a newcomer accepts with a password session, and is gated like the rest.
      const accepted = await call('/api/v1/invitations/accept', {
        token: newcomer.token,
        body: { token: acceptLink(invitation.body.id) },
      });
      expect(accepted.status).toBe(200);
      expect(
        (await call(`/api/v1/orgs/${org.orgId}`, { token: accepted.body.tokens.accessToken }))
          .status,
      ).toBe(403);
      // An organization whose sign-in feature is off is not locked behind its "SSO required".
      await setFlag(false, org.orgId);
      await eventually(
        async () => (await call(`/api/v1/orgs/${org.orgId}`, { token })).status === 200,
      );
      await setFlag(true, org.orgId);
      await eventually(
        async () => (await call(`/api/v1/orgs/${org.orgId}`, { token })).status === 403,
      );
      // The member signs in through the provider (links with their password) and gets in.
      const first = await signIn(org.orgId, assertion(email));
      expect(first.exchange?.status).toBe(409);
      const linked = await call('/api/v1/auth/oidc/link', {
        body: { ticket: first.exchange?.body.linkTicket, password: PASSWORD },
      });
      expect(linked.status).toBe(200);
      expect(
        (await call(`/api/v1/orgs/${org.orgId}`, { token: linked.body.tokens.accessToken })).status,
      ).toBe(200);
    } finally {
      const removed = await call(`/api/v1/orgs/${org.orgId}/sso/remove`, {
        token: org.token,
        body: { currentPassword: PASSWORD },
      });
      expect(removed.status).toBe(204);
      // Its override off again: no organization keeps the feature on behind the suite's back.
      await setFlag(false, org.orgId);
    }
  });
});

describe('standard providers', () => {
  test('oidc-provider with its default settings signs a person in (the email from userinfo)', async () => {
    const email = `standard-${run}@${ATTACKER_DOMAIN}`;
    const { exchange } = await signIn(attacker.orgId, assertion(email, { name: 'Standard' }));
    expect(exchange?.status).toBe(200);
    expect(exchange?.body.user).toMatchObject({ email, name: 'Standard', emailVerified: true });
  });

  test('client_secret_post and private_key_jwt clients sign in', async () => {
    const org = await registerOwner('PostClient');
    const domain = `clients-${run}.test`;
    expect((await proveDomain(org, domain)).status).toBe(200);
    expect(
      (
        await useIdp(
          org,
          { vouchedDomains: [domain], clientAuth: 'client_secret_post' },
          POST_CLIENT,
        )
      ).status,
    ).toBe(200);
    expect((await signIn(org.orgId, assertion(`post-${run}@${domain}`))).exchange?.status).toBe(
      200,
    );

    // private_key_jwt: a key pair made by the api; its public half registered at the provider.
    const keyed = await ssoSettings(org, {
      currentPassword: PASSWORD,
      issuer: idp.issuer,
      clientId: `trust-jwt-${run}`,
      clientAuth: 'private_key_jwt',
      vouchedDomains: [domain],
      jitRole: 'agent',
    });
    expect(keyed.status).toBe(200);
    expect(keyed.body.clientAuth).toBe('private_key_jwt');
    const jwks = keyed.body.clientJwks as { keys: JWK[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const served = await (await getApi(`/api/v1/auth/oidc/${org.orgId}/jwks`)).json();
    expect(served).toEqual(jwks);
    const settingsFor = (issuer: string) =>
      ssoSettings(org, {
        currentPassword: PASSWORD,
        issuer,
        clientId: `trust-jwt-${run}`,
        clientAuth: 'private_key_jwt',
        vouchedDomains: [domain],
        jitRole: 'agent',
      });
    const providerWith = async (keys: readonly JWK[]) =>
      startOidcProvider(
        [
          {
            client_id: `trust-jwt-${run}`,
            token_endpoint_auth_method: 'private_key_jwt',
            jwks: { keys },
          },
        ],
        [(await signingKey()).privateJwk],
      );
    // A provider that has another key for the client refuses our assertion: no sign-in.
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const wrong = await providerWith([
      { ...(await exportJWK(publicKey)), kid: 'another', alg: 'RS256' },
    ]);
    try {
      expect((await settingsFor(wrong.issuer)).status).toBe(200);
      expect((await signIn(org.orgId, assertion(`jwt0-${run}@${domain}`))).error).toBe(
        'oidc_rejected',
      );
    } finally {
      await wrong.stop();
    }
    const right = await providerWith(jwks.keys);
    try {
      expect((await settingsFor(right.issuer)).status).toBe(200);
      expect((await signIn(org.orgId, assertion(`jwt-${run}@${domain}`))).exchange?.status).toBe(
        200,
      );
    } finally {
      await right.stop();
    }
  });

  test('a refusal at the callback goes back to the app with its code, never a JSON page', async () => {
    const unverified = await signIn(
      attacker.orgId,
      assertion(`unverified-${run}@${ATTACKER_DOMAIN}`, { email_verified: false }),
    );
    expect(unverified.callback.status).toBe(302);
    expect(unverified.error).toBe('idp_email_unverified');
    const location = new URL(unverified.callback.headers.get('location') ?? '');
    expect(location.pathname).toBe('/sso/callback');
    expect(location.search).toBe('');
    // The provider's own refusal (the person declined) and a forged state, the same way.
    const { callbackUrl, cookie } = await toCallback(attacker.orgId, assertion('x@y.test'));
    const declined = new URL(callbackUrl);
    declined.searchParams.delete('code');
    declined.searchParams.set('error', 'access_denied');
    const back = await callbackVia(declined, cookie);
    expect(back.status).toBe(302);
    expect(new URL(back.headers.get('location') ?? '').hash).toStartWith('#error=access_denied');
    const forged = await getApi('/api/v1/auth/oidc/callback?state=never-issued&code=x');
    expect(forged.status).toBe(302);
    expect(new URL(forged.headers.get('location') ?? '').hash).toStartWith(
      '#error=oidc_state_invalid',
    );
    const junk = await getApi(`/api/v1/auth/oidc/callback?state=${'x'.repeat(600)}`);
    expect(junk.status).toBe(302);
    expect(new URL(junk.headers.get('location') ?? '').hash).toStartWith('#error=invalid_request');
  });

  test('the oauth flag can be on for one organization only', async () => {
    await setFlag(false);
    try {
      const other = await registerOwner('NotOn');
      await eventually(async () => {
        const res = await call(`/api/v1/orgs/${other.orgId}/sso`, { token: other.token });
        return res.status === 404 && res.body.code === 'feature_disabled';
      });
      await setFlag(true, attacker.orgId);
      await eventually(async () => {
        const res = await call(`/api/v1/orgs/${attacker.orgId}/sso`, { token: attacker.token });
        return res.status === 200;
      });
      const email = `flagged-${run}@${ATTACKER_DOMAIN}`;
      expect((await signIn(attacker.orgId, assertion(email))).exchange?.status).toBe(200);
      expect((await call(`/api/v1/orgs/${other.orgId}/sso`, { token: other.token })).status).toBe(
        404,
      );
    } finally {
      await setFlag(false, attacker.orgId);
      await setFlag(true);
    }
  });
});
