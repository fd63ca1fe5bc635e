import {
  type AccountTokenPurpose,
  accountTokenFor,
  invitationToken,
  totpSecretColumn,
} from '@insightdesk/shared/auth';
import {
  authConfig,
  dbConfig,
  encryptionConfig,
  loadConfig,
  platformConfig,
} from '@insightdesk/shared/config';
import { createCipher } from '@insightdesk/shared/encryption';
import postgres from 'postgres';
import { type CallOptions, call } from './http';
import { ROOT } from './stack';

/** The secret the stack signs mailed links with (tests build links the way the worker does). */
const auth = loadConfig({ auth: authConfig }, { dir: ROOT }).auth;
const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
  max: 2,
  onnotice: () => {},
});

/**
 * A second factor written straight into the database, encrypted as the api would (the API itself
 * refuses one to an unverified account): what an account squatted before that rule may carry.
 */
export async function plantSecondFactor(userId: string): Promise<void> {
  const cipher = createCipher(
    loadConfig({ encryption: encryptionConfig }, { dir: ROOT }).encryption.keys,
  );
  const secret = cipher.encrypt('JBSWY3DPEHPK3PXPJBSWY3DP', totpSecretColumn.context(userId));
  await db`update users set totp_secret = ${secret}, totp_enabled_at = now() where id = ${userId}`;
  await db`insert into recovery_codes (id, user_id, code_hash)
           values (gen_random_uuid(), ${userId}, ${`planted-${userId}`})`;
}

/** A mailed link's token for an account token id, derived as the worker derives it. */
export const accountLink = (purpose: AccountTokenPurpose, id: string) =>
  accountTokenFor(auth.invitationSecret, purpose, id);

/**
 * The link of the latest verification email of a user, as the worker builds it (reading the
 * mailbox is what tests/api/accounts.test.ts does; every other test takes this shortcut).
 */
export async function verificationToken(userId: string): Promise<string> {
  const [row] = await db<{ id: string }[]>`
    select id from account_tokens where user_id = ${userId} and purpose = 'verify_email'
     order by created_at desc limit 1`;
  if (!row) throw new Error(`no verification token for ${userId}`);
  return accountTokenFor(auth.invitationSecret, 'verify_email', row.id);
}

export async function verifyEmail(userId: string): Promise<void> {
  const res = await call('/api/v1/auth/verify-email', {
    body: { token: await verificationToken(userId) },
  });
  if (res.status !== 204) throw new Error(`verify failed: ${res.status} ${res.text}`);
}

let counter = 0;
export const uniqueEmail = (prefix = 'user') =>
  `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.test`;

export const PASSWORD = 'correct horse battery staple';

export interface Account {
  readonly user: { id: string; email: string; name: string };
  readonly token: string;
  readonly refreshToken: string;
  readonly email: string;
  readonly password: string;
}

export interface Owner extends Account {
  readonly orgId: string;
}

/**
 * Registers a new account with its own organization (the caller is its owner), at a unique
 * address unless `email` names one, and confirms the address (unless `verified: false`):
 * unverified accounts may not invite.
 */
export async function registerOwner(
  name = 'Owner',
  options: { verified?: boolean; email?: string } = {},
): Promise<Owner> {
  const email = options.email ?? uniqueEmail(name.toLowerCase());
  const res = await call('/api/v1/auth/register', {
    body: { email, password: PASSWORD, name, organizationName: `${name}'s org` },
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
  if (options.verified !== false) await verifyEmail(res.body.user.id);
  return {
    user: res.body.user,
    token: res.body.tokens.accessToken,
    refreshToken: res.body.tokens.refreshToken,
    email,
    password: PASSWORD,
    orgId: res.body.organization.id,
  };
}

export function acceptLink(invitationId: string): string {
  return invitationToken(auth.invitationSecret, invitationId);
}

/** Invites a new person into `owner`'s organization with `role` and accepts for them. */
export async function addMember(
  owner: Owner,
  role: 'admin' | 'agent' | 'requester' | 'owner',
  name = role[0]?.toUpperCase() + role.slice(1),
): Promise<Account> {
  const email = uniqueEmail(role);
  const invited = await call(`/api/v1/orgs/${owner.orgId}/invitations`, {
    token: owner.token,
    body: { email, role },
  });
  if (invited.status !== 201) throw new Error(`invite failed: ${invited.status} ${invited.text}`);
  const accepted = await call('/api/v1/invitations/accept', {
    body: { token: acceptLink(invited.body.id), name, password: PASSWORD },
  });
  if (accepted.status !== 200)
    throw new Error(`accept failed: ${accepted.status} ${accepted.text}`);
  return {
    user: accepted.body.user,
    token: accepted.body.tokens.accessToken,
    refreshToken: accepted.body.tokens.refreshToken,
    email,
    password: PASSWORD,
  };
}

/** An organization with one member of each role. */
export async function team() {
  const owner = await registerOwner('Owner');
  const [admin, agent, requester, requester2] = await Promise.all([
    addMember(owner, 'admin'),
    addMember(owner, 'agent'),
    addMember(owner, 'requester', 'Rita'),
    addMember(owner, 'requester', 'Rob'),
  ]);
  return { owner, admin, agent, requester, requester2, orgId: owner.orgId } as const;
}

/**
 * A new item of `account`'s in the organization (the fixture product's, tests/fixture-product):
 * what platform tests create to set off an event, its jobs and its mail.
 */
export async function createItem(
  account: Account,
  orgId: string,
  title = 'An item',
  options: CallOptions = {},
) {
  const res = await call(`/api/v1/orgs/${orgId}/items`, {
    token: account.token,
    ...options,
    body: { title },
  });
  if (res.status !== 201) throw new Error(`item failed: ${res.status} ${res.text}`);
  return res.body;
}

const [operatorEmail] = loadConfig({ platform: platformConfig }, { dir: ROOT }).platform.admins;

/** Signs in as the platform operator named in the configuration (registering it the first time). */
export async function operatorToken(): Promise<string> {
  if (!operatorEmail) throw new Error('no platform operator configured');
  const login = await call('/api/v1/auth/login', {
    body: { email: operatorEmail, password: PASSWORD },
  });
  if (login.status === 200) return login.body.tokens.accessToken;
  const registered = await call('/api/v1/auth/register', {
    body: {
      email: operatorEmail,
      password: PASSWORD,
      name: 'Operator',
      organizationName: 'Platform',
    },
  });
  if (registered.status !== 201)
    throw new Error(`operator: ${login.status} ${login.text} / ${registered.status}`);
  return registered.body.tokens.accessToken;
}
