import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { Secret, TOTP } from 'otpauth';
import postgres from 'postgres';
import {
  acceptLink,
  operatorToken,
  PASSWORD,
  plantSecondFactor,
  registerOwner,
} from '../support/api';
import { debianNode } from '../support/debian-node';
import { call, callInstance, isProblem } from '../support/http';
import {
  callbackVia,
  codeOf,
  errorOf,
  getApi,
  PROVIDER_HOST,
  proveDomain,
  setOauthFlag,
  signInThrough,
  signingKey,
  startOidcProvider,
  startRogueProvider,
  type TestAccount,
  toCallback,
} from '../support/oidc';
import { eventually, freePort, ROOT, startInstance } from '../support/stack';

// Sign-in with OpenID Connect against a real provider (panva's oidc-provider under Node) and a
// rogue one that signs what a real provider never would (docs/sso.md).

const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
  max: 2,
  onnotice: () => {},
});
const run = Math.random().toString(36).slice(2, 8);
const DOMAIN = `corp-${run}.test`;
/** The rogue provider's organization proves a domain of its own (one organization per domain). */
const ROGUE_DOMAIN = `rogue-${run}.test`;
const CLIENT = { client_id: `insightdesk-${run}`, client_secret: `secret-${run}-0123456789abcdef` };
let n = 0;
const person = (extra: Partial<TestAccount> = {}): TestAccount & { email: string } => {
  n++;
  return {
    sub: `sub-${run}-${n}`,
    email: `person-${n}@${DOMAIN}`,
    email_verified: true,
    name: `Person ${n}`,
    ...extra,
  } as TestAccount & { email: string };
};

let idp: Awaited<ReturnType<typeof startOidcProvider>>;
let rogue: Awaited<ReturnType<typeof startRogueProvider>>;
let operator: string;
let owner: Awaited<ReturnType<typeof registerOwner>>;
let rogueOwner: Awaited<ReturnType<typeof registerOwner>>;

const setFlag = async (enabled: boolean) => {
  await setOauthFlag(operator, enabled);
  // Every api instance hears the change.
  const expected = enabled ? 'oidc_provider_not_found' : 'feature_disabled';
  await eventually(async () => {
    for (let i = 0; i < 4; i++) {
      const body = (await (await getApi('/api/v1/auth/oidc/nobody/start')).json()) as {
        code: string;
      };
      expect(body.code).toBe(expected);
    }
    return true;
  });
};

const ssoSettings = (account: { token: string; orgId: string }, body: Record<string, unknown>) =>
  call(`/api/v1/orgs/${account.orgId}/sso`, { method: 'PUT', token: account.token, body });

/**
 * The test provider (or another on `issuer`) as an organization's, provisioning agents, vouching
 * for `domain` (which the organization proved).
 */
const saveIdp = (account: { token: string; orgId: string }, issuer = idp.issuer, domain = DOMAIN) =>
  ssoSettings(account, {
    currentPassword: PASSWORD,
    issuer,
    clientId: CLIENT.client_id,
    clientSecret: CLIENT.client_secret,
    vouchedDomains: [domain],
    jitRole: 'agent',
  });

/** Registers a verified (or not) account with an address of our choosing. */
async function registerAs(email: string, verified = true) {
  const owner = await registerOwner('Registered', { email, verified });
  return { ...owner, id: owner.user.id };
}

/** A verified account with an address of our choosing that joined the SSO organization. */
async function registeredMember(
  email: string,
  role: 'agent' | 'requester' = 'agent',
  org: { token: string; orgId: string } = owner,
) {
  const account = await registerAs(email);
  const invited = await call(`/api/v1/orgs/${org.orgId}/invitations`, {
    token: org.token,
    body: { email, role },
  });
  const joined = await call('/api/v1/invitations/accept', {
    token: account.token,
    body: { token: acceptLink(invited.body.id) },
  });
  expect(joined.status).toBe(200);
  return account;
}

const signIn = signInThrough;

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toStartWith('application/problem+json');
  return (await res.json()) as { code: string; status: number };
}

beforeAll(async () => {
  operator = await operatorToken();
  await setFlag(true);
  const key = await signingKey();
  idp = await startOidcProvider([CLIENT], [key.privateJwk]);
  rogue = await startRogueProvider(CLIENT.client_id);
  owner = await registerOwner('SsoOwner');
  rogueOwner = await registerOwner('RogueOwner');
  expect((await proveDomain(owner, DOMAIN)).status).toBe(200);
  expect((await proveDomain(rogueOwner, ROGUE_DOMAIN)).status).toBe(200);
  const saved = await saveIdp(owner);
  expect(saved.status).toBe(200);
  const rogueSaved = await ssoSettings(rogueOwner, {
    currentPassword: PASSWORD,
    issuer: rogue.issuer,
    clientId: CLIENT.client_id,
    clientSecret: CLIENT.client_secret,
    vouchedDomains: [ROGUE_DOMAIN],
    jitRole: 'requester',
  });
  expect(rogueSaved.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await idp?.stop();
  rogue?.stop();
  if (operator) await setFlag(false);
  await db.end();
});

describe('provider settings', () => {
  test('admins set them with their current password; the secret is stored encrypted and never shown', async () => {
    const res = await call(`/api/v1/orgs/${owner.orgId}/sso`, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issuer: idp.issuer,
      clientId: CLIENT.client_id,
      clientAuth: 'client_secret_basic',
      clientSecretSet: true,
      clientJwks: null,
      vouchedDomains: [DOMAIN],
      jitRole: 'agent',
      ssoRequired: false,
    });
    expect(res.text).not.toContain(CLIENT.client_secret);
    const [row] = await db<{ client_secret: string }[]>`
      select client_secret from oidc_providers where org_id = ${owner.orgId}`;
    expect(row?.client_secret).toStartWith('v1.');
    expect(row?.client_secret).not.toContain(CLIENT.client_secret);

    const base = { issuer: idp.issuer, clientId: CLIENT.client_id, vouchedDomains: [DOMAIN] };
    // Re-authentication: none, or a wrong password, changes nothing.
    expect((await ssoSettings(owner, base)).status).toBe(400);
    const wrong = await ssoSettings(owner, { ...base, currentPassword: 'not it', jitRole: null });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('wrong_password');
    // Hostile values.
    for (const bad of [
      { vouchedDomains: ['*'] },
      { vouchedDomains: ['Example.COM'] },
      { issuer: 'https://user:pw@idp.example.com' },
      { issuer: 'javascript:alert(1)' },
      { issuer: `https://idp.example.com/${'a'.repeat(600)}` },
      { jitRole: 'owner' },
      { clientSecret: 'x'.repeat(3000) },
      { surprise: true },
    ]) {
      const res = await ssoSettings(owner, { ...base, currentPassword: PASSWORD, ...bad });
      expect(res.status).toBe(400);
      expect(isProblem(res)).toBe(true);
    }
    const after = await call(`/api/v1/orgs/${owner.orgId}/sso`, { token: owner.token });
    expect(after.body.jitRole).toBe('agent');

    // Not an admin: 403; another tenant's or a non-canonical id: 404.
    const stranger = await registerOwner('Stranger');
    expect((await call(`/api/v1/orgs/${owner.orgId}/sso`, { token: stranger.token })).status).toBe(
      404,
    );
    expect(
      (await call(`/api/v1/orgs/${owner.orgId.toUpperCase()}/sso`, { token: owner.token })).status,
    ).toBe(404);
    // A first setting without a secret is refused.
    const first = await ssoSettings(stranger, { ...base, currentPassword: PASSWORD });
    expect(first.status).toBe(400);
  });
});

describe('sign-in against oidc-provider', () => {
  const alice = person();

  test('a first sign-in provisions the account and its membership; the code is good once', async () => {
    const { callback, exchange } = await signIn(owner.orgId, alice);
    expect(callback.status).toBe(302);
    // Tokens never travel in a URL: only a one-time code, in the fragment.
    const location = callback.headers.get('location') ?? '';
    expect(location).toMatch(/\/sso\/callback#code=[\w-]{40,}$/);
    expect(exchange?.status).toBe(200);
    expect(exchange?.body.user).toMatchObject({ email: alice.email, emailVerified: true });
    const token = exchange?.body.tokens.accessToken;
    const me = await call('/api/v1/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(exchange?.body.user.id);
    expect(me.body.memberships).toEqual([
      { organization: expect.objectContaining({ id: owner.orgId }), role: 'agent' },
    ]);
    // The account has no password anyone knows.
    const login = await call('/api/v1/auth/login', {
      body: { email: alice.email, password: PASSWORD },
    });
    expect(login.status).toBe(401);
  });

  test('a second sign-in reaches the same account; a code is exchanged once', async () => {
    const first = await signIn(owner.orgId, alice);
    const again = await signIn(owner.orgId, alice);
    expect(again.exchange?.status).toBe(200);
    expect(again.exchange?.body.user.id).toBe(first.exchange?.body.user.id);

    const { callbackUrl, cookie } = await toCallback(owner.orgId, alice);
    const back = await callbackVia(callbackUrl, cookie);
    const code = codeOf(back);
    expect((await call('/api/v1/auth/oidc/exchange', { body: { code } })).status).toBe(200);
    const replay = await call('/api/v1/auth/oidc/exchange', { body: { code } });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('oidc_code_invalid');
  });

  test('a wrong state, another browser, or a callback replayed signs nobody in', async () => {
    const { callbackUrl, cookie } = await toCallback(owner.orgId, alice);
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'a-state-we-never-issued');
    expect(errorOf(await callbackVia(forged, cookie))).toBe('oidc_state_invalid');

    const other = await toCallback(owner.orgId, alice);
    // The callback URL carried to a browser without the flow's cookie (login CSRF, a leak).
    const elsewhere = await callbackVia(other.callbackUrl, '');
    expect(errorOf(elsewhere)).toBe('oidc_state_invalid');
    // …and the state is spent by that attempt.
    expect(errorOf(await callbackVia(other.callbackUrl, other.cookie))).toBe('oidc_state_invalid');

    const fine = await callbackVia(callbackUrl, cookie);
    expect(errorOf(fine)).toBeNull();
    const replayed = await callbackVia(callbackUrl, cookie);
    expect(errorOf(replayed)).toBe('oidc_state_invalid');
  });

  test('an authorization code replayed in a new flow is refused by the provider', async () => {
    const used = await toCallback(owner.orgId, alice);
    expect(errorOf(await callbackVia(used.callbackUrl, used.cookie))).toBeNull();
    // A fresh flow of ours (state, cookie), carrying the spent code.
    const fresh = await toCallback(owner.orgId, alice);
    const replay = new URL(fresh.callbackUrl);
    replay.searchParams.set('code', used.callbackUrl.searchParams.get('code') ?? '');
    expect(errorOf(await callbackVia(replay, fresh.cookie))).toBe('oidc_rejected');
  });

  test('email_verified false links and provisions nothing', async () => {
    const unverified = person({ email_verified: false });
    const { error } = await signIn(owner.orgId, unverified);
    expect(error).toBe('idp_email_unverified');
    expect((await db`select 1 from users where email = ${unverified.email}`).length).toBe(0);
  });

  test('an existing verified account is not linked on the provider word alone', async () => {
    const victim = person();
    const account = await registerAs(victim.email);
    const { exchange } = await signIn(owner.orgId, victim);
    expect(exchange?.status).toBe(409);
    expect(exchange?.body.code).toBe('account_link_required');
    expect(exchange?.body.linkTicket).toBeString();
    expect((await db`select 1 from oidc_identities where user_id = ${account.id}`).length).toBe(0);
    // The account still signs in with its password, and its sessions live.
    expect((await call('/api/v1/me', { token: account.token })).status).toBe(200);
    // An address outside the vouched domains is not provisioned either.
    const outsider = person({ email: `someone-${run}@elsewhere.test` });
    const refused = await signIn(owner.orgId, outsider);
    expect(refused.error).toBe('domain_not_vouched');
  });

  test('a member of the organization is not linked on the provider word alone either', async () => {
    const member = person();
    const account = await registeredMember(member.email);
    const { exchange } = await signIn(owner.orgId, member);
    expect(exchange?.status).toBe(409);
    expect(exchange?.body.code).toBe('account_link_required');
    expect((await db`select 1 from oidc_identities where user_id = ${account.id}`).length).toBe(0);
  });

  test('an unverified account is neither taken over nor linked: its holder verifies it first', async () => {
    const real = person();
    const squatter = await registerAs(real.email, false);
    const { error } = await signIn(owner.orgId, real);
    expect(error).toBe('account_unverified');
    expect((await call('/api/v1/me', { token: squatter.token })).status).toBe(200);
    expect((await db`select 1 from oidc_identities where user_id = ${squatter.id}`).length).toBe(0);
  });

  test("a provider's key rotation is picked up", async () => {
    const bob = person();
    expect((await signIn(owner.orgId, bob)).exchange?.status).toBe(200);
    const next = await signingKey();
    await idp.restart([next.privateJwk]);
    // The api's cached key set lacks the new kid: it refetches the set (cooldown permitting).
    await eventually(async () => {
      const again = await signIn(owner.orgId, bob);
      expect(again.exchange?.status).toBe(200);
      return true;
    });
  });
});

describe("the provider under Debian's own Node 18", () => {
  // The suite promises a stock Debian 12, whose node is 18: the provider and what it depends on
  // run there too, whatever node this machine has (./stack test unpacks Debian's beside it).
  test('it starts there and a person signs in through it', async () => {
    const node = debianNode();
    const version = Bun.spawnSync([node, '-p', 'process.versions.node']);
    expect(version.stdout.toString()).toStartWith('18.');
    const idp18 = await startOidcProvider(
      [CLIENT],
      [(await signingKey()).privateJwk],
      PROVIDER_HOST,
      node,
    );
    try {
      const admin = await registerOwner('Node18Owner');
      const domain = `node18-${run}.test`;
      expect((await proveDomain(admin, domain)).status).toBe(200);
      expect((await saveIdp(admin, idp18.issuer, domain)).status).toBe(200);
      const someone = person({ email: `someone-${run}@${domain}` });
      const { exchange } = await signIn(admin.orgId, someone);
      expect(exchange?.status).toBe(200);
      expect(exchange?.body.user).toMatchObject({ email: someone.email, emailVerified: true });
    } finally {
      await idp18.stop();
    }
  }, 120_000);
});

describe('tokens a real provider would not sign', () => {
  const rogueSubject = () => person({ email: `rogue-${run}-${n}@${ROGUE_DOMAIN}` });
  for (const defect of ['audience', 'issuer', 'expired', 'unknown key', 'nonce'] as const) {
    test(`an id_token with a wrong ${defect} is refused`, async () => {
      rogue.setDefect(defect);
      try {
        const { error } = await signIn(rogueOwner.orgId, rogueSubject());
        expect(error).toBe('oidc_rejected');
      } finally {
        rogue.setDefect('none');
      }
    });
  }

  test('the same provider with nothing wrong signs in (the refusals above are the defects)', async () => {
    const { exchange } = await signIn(rogueOwner.orgId, rogueSubject());
    expect(exchange?.status).toBe(200);
  });
});

describe('hostile input', () => {
  test('unknown providers, bad ids, junk codes and oversized fields get problems', async () => {
    for (const name of ['nobody', owner.orgId.toUpperCase(), crypto.randomUUID(), 'a'.repeat(65)]) {
      const res = await getApi(`/api/v1/auth/oidc/${name}/start`);
      expect([400, 404]).toContain(res.status);
      await problemOf(res);
    }
    // The callback never answers a browser with JSON: back to the app with the refusal's code.
    expect(errorOf(await getApi(`/api/v1/auth/oidc/callback?state=${'x'.repeat(600)}`))).toBe(
      'invalid_request',
    );
    expect(errorOf(await getApi('/api/v1/auth/oidc/callback'))).toBe('oidc_state_invalid');
    for (const body of [
      { code: 'junk' },
      { code: '' },
      { code: 'x'.repeat(200) },
      { code: 'a', extra: 1 },
      {},
    ]) {
      const res = await call('/api/v1/auth/oidc/exchange', { body });
      expect([400, 401]).toContain(res.status);
      expect(isProblem(res)).toBe(true);
    }
  });
});

describe('SSO required', () => {
  test("members keep their password login; the organization's data and invitations need its provider", async () => {
    const member = person();
    const account = await registeredMember(member.email, 'requester');

    const required = await ssoSettings(owner, {
      currentPassword: PASSWORD,
      issuer: idp.issuer,
      clientId: CLIENT.client_id,
      vouchedDomains: [DOMAIN],
      jitRole: 'agent',
      ssoRequired: true,
    });
    expect(required.status).toBe(200);
    try {
      const login = await call('/api/v1/auth/login', {
        body: { email: member.email, password: PASSWORD },
      });
      expect(login.status).toBe(200);
      const gated = await call(`/api/v1/orgs/${owner.orgId}`, {
        token: login.body.tokens.accessToken,
      });
      expect(gated.status).toBe(403);
      expect(gated.body.code).toBe('sso_required');
      expect((await call(`/api/v1/orgs/${account.orgId}`, { token: account.token })).status).toBe(
        200,
      );

      // Nor does the owner's password session: not even to invite.
      const invitation = await call(`/api/v1/orgs/${owner.orgId}/invitations`, {
        token: owner.token,
        body: { email: `newcomer-${run}@elsewhere.test`, role: 'agent' },
      });
      expect(invitation.status).toBe(403);
      expect(invitation.body.code).toBe('sso_required');
      // The admin, signed in with a password, still reaches the provider's settings.
      expect((await call(`/api/v1/orgs/${owner.orgId}/sso`, { token: owner.token })).status).toBe(
        200,
      );
    } finally {
      const off = await ssoSettings(owner, {
        currentPassword: PASSWORD,
        issuer: idp.issuer,
        clientId: CLIENT.client_id,
        vouchedDomains: [DOMAIN],
        jitRole: 'agent',
        ssoRequired: false,
      });
      expect(off.status).toBe(200);
    }
    expect((await call(`/api/v1/orgs/${owner.orgId}`, { token: owner.token })).status).toBe(200);
  });

  test('removing the provider takes the current password', async () => {
    const admin = await registerOwner('Removes');
    const domain = `removes-${run}.test`;
    expect((await proveDomain(admin, domain)).status).toBe(200);
    expect((await saveIdp(admin, idp.issuer, domain)).status).toBe(200);
    const remove = (currentPassword: string) =>
      call(`/api/v1/orgs/${admin.orgId}/sso/remove`, {
        token: admin.token,
        body: { currentPassword },
      });
    expect((await remove('not it')).status).toBe(403);
    expect((await remove(PASSWORD)).status).toBe(204);
    expect((await remove(PASSWORD)).status).toBe(404);
    expect((await call(`/api/v1/orgs/${admin.orgId}/sso`, { token: admin.token })).status).toBe(
      404,
    );
  });
});

describe('the audit log', () => {
  interface Entry {
    action: string;
    actor: { type: string; id: string | null };
    target: { type: string; id: string } | null;
    change: Record<string, unknown>;
  }
  const logOf = async (account: { token: string; orgId: string }) => {
    const res = await call(`/api/v1/orgs/${account.orgId}/audit-log?limit=100`, {
      token: account.token,
    });
    expect(res.status).toBe(200);
    return (res.body.items as Entry[]).reverse(); // oldest first
  };
  const sso = (entries: Entry[]) => entries.filter((e) => e.action.startsWith('sso.'));

  test('settings changes, sign-ins, links, provisioning and refusals leave their entries; the chain verifies', async () => {
    const admin = await registerOwner('AuditSso');
    const domain = `audit-${run}.test`;
    expect((await proveDomain(admin, domain)).status).toBe(200);
    const settings = {
      currentPassword: PASSWORD,
      issuer: idp.issuer,
      clientId: CLIENT.client_id,
      vouchedDomains: [domain],
      jitRole: 'agent',
    };
    expect(
      (await ssoSettings(admin, { ...settings, clientSecret: CLIENT.client_secret })).status,
    ).toBe(200);
    expect((await ssoSettings(admin, { ...settings, ssoRequired: false })).status).toBe(200);

    // A first sign-in: a new account, linked, provisioned, signed in.
    const newcomer = person({ email: `newcomer-${run}@${domain}` });
    const first = await signIn(admin.orgId, newcomer);
    expect(first.exchange?.status).toBe(200);
    const userId = first.exchange?.body.user.id as string;
    // A second one: signed in only.
    expect((await signIn(admin.orgId, newcomer)).exchange?.status).toBe(200);
    // Refused: the provider does not vouch for the address being verified.
    const refused = await signIn(admin.orgId, person({ email_verified: false }));
    expect(refused.error).toBe('idp_email_unverified');

    const about = { provider: admin.orgId, issuer: idp.issuer };
    const byNewcomer = {
      actor: { type: 'user', id: userId },
      target: { type: 'user', id: userId },
    };
    expect(sso(await logOf(admin))).toMatchObject([
      { action: 'sso.domain-claimed', change: { domain } },
      { action: 'sso.domain-verified', change: { domain } },
      {
        action: 'sso.settings-changed',
        actor: { type: 'user', id: admin.user.id },
        target: { type: 'organization', id: admin.orgId },
        change: {
          issuer: idp.issuer,
          clientId: CLIENT.client_id,
          vouchedDomains: [domain],
          jitRole: 'agent',
          ssoRequired: false,
          clientSecretReplaced: true,
        },
      },
      { action: 'sso.settings-changed', change: { clientSecretReplaced: false } },
      {
        action: 'sso.identity-linked',
        ...byNewcomer,
        change: { ...about, subject: newcomer.sub, account: 'created' },
      },
      { action: 'sso.member-provisioned', ...byNewcomer, change: { ...about, role: 'agent' } },
      {
        action: 'sso.login',
        ...byNewcomer,
        change: { ...about, subject: newcomer.sub, managed: true },
      },
      { action: 'sso.login', ...byNewcomer },
      {
        action: 'sso.login-failed',
        actor: { type: 'anonymous', id: null },
        target: null,
        change: { ...about, reason: 'idp_email_unverified' },
      },
    ]);
    // No secret in any entry.
    expect(JSON.stringify(await logOf(admin))).not.toContain(CLIENT.client_secret);
    // The tokens handed out are a login of the account (the deployment's chain), as a password's.
    const logins = await db<{ change: Record<string, unknown> }[]>`
      select change from audit_log
       where organization_id is null and action = 'auth.login' and actor_id = ${userId}`;
    expect(logins.map((l) => l.change)).toEqual([{ method: 'sso' }, { method: 'sso' }]);

    // An existing member, linked once they proved their password.
    const member = person({ email: `member-${run}@${domain}` });
    const account = await registeredMember(member.email, 'requester', admin);
    const offered = await signIn(admin.orgId, member);
    expect(offered.exchange?.status).toBe(409);
    const linked = await call('/api/v1/auth/oidc/link', {
      body: { ticket: offered.exchange?.body.linkTicket, password: PASSWORD },
    });
    expect(linked.status).toBe(200);
    // Removed: members sign in with passwords again.
    const removed = await call(`/api/v1/orgs/${admin.orgId}/sso/remove`, {
      token: admin.token,
      body: { currentPassword: PASSWORD },
    });
    expect(removed.status).toBe(204);
    expect(sso(await logOf(admin)).slice(-3)).toMatchObject([
      {
        action: 'sso.identity-linked',
        actor: { type: 'user', id: account.id },
        change: { ...about, subject: member.sub, account: 'password proven' },
      },
      {
        action: 'sso.login',
        actor: { type: 'user', id: account.id },
        change: { managed: false },
      },
      { action: 'sso.settings-removed', actor: { type: 'user', id: admin.user.id } },
    ]);
    const verified = await call(`/api/v1/orgs/${admin.orgId}/audit-log/verify`, {
      token: admin.token,
    });
    expect(verified.body).toMatchObject({ valid: true });
  });

  test("a token the provider would not sign is a failed sign-in in its organization's log", async () => {
    const before = sso(await logOf(rogueOwner)).length;
    rogue.setDefect('audience');
    try {
      expect((await signIn(rogueOwner.orgId, person())).error).toBe('oidc_rejected');
    } finally {
      rogue.setDefect('none');
    }
    const after = sso(await logOf(rogueOwner));
    expect(after.slice(before)).toMatchObject([
      {
        action: 'sso.login-failed',
        actor: { type: 'anonymous' },
        change: { provider: rogueOwner.orgId, issuer: rogue.issuer, reason: 'oidc_rejected' },
      },
    ]);
    // A forged state is not a sign-in anyone started: nothing to attribute, nothing recorded.
    const { callbackUrl, cookie } = await toCallback(rogueOwner.orgId, person());
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'a-state-we-never-issued');
    expect(errorOf(await callbackVia(forged, cookie))).toBe('oidc_state_invalid');
    expect(sso(await logOf(rogueOwner))).toHaveLength(after.length);
  });
});

describe('second factor', () => {
  test("an account the organization does not manage is asked for its own, whatever the provider's amr", async () => {
    const member = person();
    const account = await registeredMember(member.email);
    const offered = await signIn(owner.orgId, member);
    const linked = await call('/api/v1/auth/oidc/link', {
      body: { ticket: offered.exchange?.body.linkTicket, password: PASSWORD },
    });
    expect(linked.status).toBe(200);
    await plantSecondFactor(account.id);
    for (const amr of [['pwd'], ['pwd', 'mfa']]) {
      const { exchange } = await signIn(owner.orgId, { ...member, amr });
      expect(exchange?.status).toBe(200);
      expect(exchange?.body).toMatchObject({ twoFactorRequired: true });
      expect(exchange?.body.tokens).toBeUndefined();
    }
  });

  test('an account the organization manages is not: its provider is its sign-in', async () => {
    const managed = person();
    const first = await signIn(owner.orgId, managed);
    expect(first.exchange?.status).toBe(200);
    await plantSecondFactor(first.exchange?.body.user.id);
    const again = await signIn(owner.orgId, managed);
    expect(again.exchange?.body.tokens.accessToken).toBeString();
  });
});

describe('linking by proving the password in the same flow', () => {
  const link = (body: Record<string, unknown>) => call('/api/v1/auth/oidc/link', { body });

  /** A verified account that is not a member: its first SSO sign-in answers a link ticket. */
  async function offered(extra: { secondFactor?: boolean } = {}) {
    const someone = person();
    const account = await registerAs(someone.email);
    if (extra.secondFactor) await plantSecondFactor(account.id);
    const ticket = async () => {
      const { exchange } = await signIn(owner.orgId, someone);
      expect(exchange?.status).toBe(409);
      expect(exchange?.headers.get('content-type')).toStartWith('application/problem+json');
      expect(exchange?.body).toMatchObject({
        code: 'account_link_required',
        secondFactorRequired: extra.secondFactor === true,
      });
      return exchange?.body.linkTicket as string;
    };
    return { someone, account, ticket };
  }
  const identities = async (userId: string) =>
    (await db`select 1 from oidc_identities where user_id = ${userId}`).length;

  test('the right password links and signs in; a ticket is good once', async () => {
    const { someone, account, ticket } = await offered();
    const first = await ticket();
    expect(await identities(account.id)).toBe(0);
    const linked = await link({ ticket: first, password: PASSWORD });
    expect(linked.status).toBe(200);
    expect(linked.body.user.id).toBe(account.id);
    expect(linked.body.tokens.accessToken).toBeString();
    expect(await identities(account.id)).toBe(1);
    const [member] = await db<{ role: string }[]>`
      select role_name as role from memberships where org_id = ${owner.orgId} and user_id = ${account.id}`;
    expect(member?.role).toBe('agent');
    // Replayed: refused.
    const replayed = await link({ ticket: first, password: PASSWORD });
    expect(replayed.status).toBe(401);
    expect(replayed.body.code).toBe('oidc_link_ticket_invalid');
    // From now on the provider signs the account in directly.
    const again = await signIn(owner.orgId, someone);
    expect(again.exchange?.status).toBe(200);
    expect(again.exchange?.body.user.id).toBe(account.id);
  });

  test('a wrong password is refused and counted as a failed login; its ticket is spent', async () => {
    const { someone, account, ticket } = await offered();
    const login = await call('/api/v1/auth/login', {
      body: { email: someone.email, password: 'not the password' },
    });
    expect(login.status).toBe(401);
    const before = Number(login.headers.get('ratelimit-remaining'));
    const first = await ticket();
    const wrong = await link({ ticket: first, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    // The same budget as a password login of the account: one less left.
    expect(Number(wrong.headers.get('ratelimit-remaining'))).toBe(before - 1);
    expect(await identities(account.id)).toBe(0);
    const retried = await link({ ticket: first, password: PASSWORD });
    expect(retried.body.code).toBe('oidc_link_ticket_invalid');
    expect(await identities(account.id)).toBe(0);
  });

  test('an account with a second factor needs its code as well', async () => {
    const { account, ticket } = await offered({ secondFactor: true });
    const without = await link({ ticket: await ticket(), password: PASSWORD });
    expect(without.status).toBe(401);
    expect(without.body.code).toBe('second_factor_required');
    const wrongCode = await link({ ticket: await ticket(), password: PASSWORD, code: '000000' });
    expect(wrongCode.status).toBe(401);
    expect(await identities(account.id)).toBe(0);
    const code = new TOTP({ secret: Secret.fromBase32('JBSWY3DPEHPK3PXPJBSWY3DP') }).generate();
    const linked = await link({ ticket: await ticket(), password: PASSWORD, code });
    expect(linked.status).toBe(200);
    expect(linked.body.user.id).toBe(account.id);
    expect(await identities(account.id)).toBe(1);
  });

  test('junk, oversized and extra fields get problems and link nothing', async () => {
    for (const body of [
      { ticket: 'junk', password: PASSWORD },
      { ticket: '', password: PASSWORD },
      { ticket: 'x'.repeat(200), password: PASSWORD },
      { ticket: 'a', password: 'x'.repeat(10_000) },
      { ticket: 'a', password: PASSWORD, code: '12' },
      { ticket: 'a', password: PASSWORD, code: '123456', recoveryCode: 'abc' },
      { ticket: 'a', password: PASSWORD, extra: 1 },
      {},
    ]) {
      const res = await link(body);
      expect([400, 401]).toContain(res.status);
      expect(isProblem(res)).toBe(true);
    }
  });
});

describe('deployment-wide providers (OIDC_PROVIDERS)', () => {
  // An api instance of its own with the deployment's provider: the operator's, trusted — it
  // reaches the test provider although this instance allows no network to organizations'
  // issuers (OIDC_ALLOWED_NETWORKS), which is what refuses the organization's provider there.
  let api: Awaited<ReturnType<typeof startInstance>>;
  let base: string;
  beforeAll(async () => {
    api = await startInstance('api', 6, {
      OIDC_PROVIDERS: JSON.stringify([
        {
          name: 'corp',
          issuer: idp.issuer,
          clientId: CLIENT.client_id,
          clientSecret: CLIENT.client_secret,
          vouchedDomains: [DOMAIN],
        },
      ]),
      OIDC_ALLOWED_NETWORKS: '192.0.2.0/24',
    });
    base = `http://127.0.0.1:${api.port}`;
  }, 90_000);
  afterAll(async () => {
    await api?.stop();
  });

  test('a new address gets an account of its own (no organization); an existing one is linked once its holder proves it', async () => {
    const newcomer = person();
    const { exchange } = await signIn('corp', newcomer, base);
    expect(exchange?.status).toBe(200);
    expect(exchange?.body.user.email).toBe(newcomer.email);
    const [memberships] = await db<{ n: number }[]>`
      select count(*)::int as n from memberships where user_id = ${exchange?.body.user.id}`;
    expect(memberships?.n).toBe(0);

    // An assertion alone links no existing account, whoever's provider makes it.
    const existing = person();
    const account = await registerAs(existing.email);
    const offered = await signIn('corp', existing, base);
    expect(offered.exchange?.status).toBe(409);
    expect(offered.exchange?.body.code).toBe('account_link_required');
    const linked = await callInstance(6, '/api/v1/auth/oidc/link', {
      body: { ticket: offered.exchange?.body.linkTicket, password: PASSWORD },
    });
    expect(linked.status).toBe(200);
    expect(linked.body.user.id).toBe(account.id);
    // A deployment provider's session reaches the whole account, as a password's.
    expect(
      (await call(`/api/v1/orgs/${account.orgId}`, { token: linked.body.tokens.accessToken }))
        .status,
    ).toBe(200);
    // An address it does not vouch for is not provisioned.
    const outsider = await signIn('corp', person({ email: `x-${run}@elsewhere.test` }), base);
    expect(outsider.error).toBe('domain_not_vouched');
  });

  test("trusted: the organization's provider on the same issuer is refused there (SSRF guard)", async () => {
    const res = await getApi(`${base}/api/v1/auth/oidc/${owner.orgId}/start`);
    expect(res.status).toBe(502);
    expect((await problemOf(res)).code).toBe('oidc_provider_unreachable');
    // The instances without OIDC_PROVIDERS know no such provider.
    const elsewhere = await getApi('/api/v1/auth/oidc/corp/start');
    expect((await problemOf(elsewhere)).code).toBe('oidc_provider_not_found');
  });
});

describe('the issuer an admin enters (SSRF)', () => {
  // A listener on loopback that counts connections (and never answers): no request to an
  // issuer the guard refuses may reach it, neither directly, by a name, nor by a redirect.
  let connections = 0;
  const trapPort = freePort();
  const trap = Bun.listen({
    hostname: '127.0.0.1',
    port: trapPort,
    socket: {
      open() {
        connections++;
      },
      data() {},
    },
  });
  // A server the guard lets through (127.0.0.3) that redirects everything to the trap.
  const redirector = Bun.serve({
    hostname: '127.0.0.3',
    port: 0,
    fetch: (req) =>
      Response.redirect(`http://127.0.0.1:${trapPort}${new URL(req.url).pathname}`, 302),
  });
  const hostile = [
    `http://127.0.0.1:${trapPort}`,
    `http://localhost:${trapPort}`,
    'http://169.254.169.254',
    `http://[::ffff:127.0.0.1]:${trapPort}`,
    `http://127.0.0.3:${redirector.port}`,
  ];
  let admin: Awaited<ReturnType<typeof registerOwner>>;

  beforeAll(async () => {
    admin = await registerOwner('SsrfOwner');
  });
  afterAll(() => {
    trap.stop(true);
    redirector.stop(true);
  });

  test('refused at save time: nothing stored, no connection made', async () => {
    for (const issuer of hostile) {
      const res = await ssoSettings(admin, {
        currentPassword: PASSWORD,
        issuer,
        clientId: CLIENT.client_id,
        clientSecret: CLIENT.client_secret,
        vouchedDomains: [DOMAIN],
      });
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.path).toBe('issuer');
    }
    expect((await call(`/api/v1/orgs/${admin.orgId}/sso`, { token: admin.token })).status).toBe(
      404,
    );
    expect(connections).toBe(0);
  });

  test('refused at sign-in time (an issuer stored before, or renamed since): no connection made', async () => {
    // The test provider on loopback is reached through the allow-list (127.0.0.3) only.
    const domain = `ssrf-${run}.test`;
    expect((await proveDomain(admin, domain)).status).toBe(200);
    expect((await saveIdp(admin, idp.issuer, domain)).status).toBe(200);
    for (const issuer of hostile) {
      await db`update oidc_providers set issuer = ${issuer} where org_id = ${admin.orgId}`;
      const res = await getApi(`/api/v1/auth/oidc/${admin.orgId}/start`);
      expect(res.status).toBe(502);
      expect((await problemOf(res)).code).toBe('oidc_provider_unreachable');
    }
    expect(connections).toBe(0);
    // The trap does count: a connection of our own is seen.
    const ours = await Bun.connect({
      hostname: '127.0.0.1',
      port: trapPort,
      socket: { data() {} },
    });
    await eventually(() => connections === 1);
    ours.end();
  });
});

describe('the flag', () => {
  test('off: every route of the feature answers 404', async () => {
    await setFlag(false);
    try {
      expect((await getApi(`/api/v1/auth/oidc/${owner.orgId}/start`)).status).toBe(404);
      expect((await getApi('/api/v1/auth/oidc/callback?state=s&code=c')).status).toBe(404);
      expect((await call('/api/v1/auth/oidc/exchange', { body: { code: 'abc' } })).status).toBe(
        404,
      );
      expect((await call(`/api/v1/orgs/${owner.orgId}/sso`, { token: owner.token })).status).toBe(
        404,
      );
    } finally {
      await setFlag(true);
    }
  });
});
