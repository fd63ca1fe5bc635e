import { sql } from 'drizzle-orm';
import { type Executor, isoText } from '../db';
import type { Cipher, EncryptedColumn } from '../encryption';
import type { OrgScope } from './org-access';
import type { Role } from './roles';

/**
 * The one owner of the `oidc_providers` table: an organization's OpenID provider, how its client
 * authenticates, the domains it vouches for, the role of members provisioned on first sign-in,
 * and "SSO required". The client secret and the client's private key are encrypted here and
 * decrypted only for the token request (never returned).
 */

/** How the client authenticates at the provider's token endpoint (OpenID Connect Core 9). */
export const CLIENT_AUTH_METHODS = [
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

/** A public signing key as a JWK (RFC 7517): what the provider checks our assertions with. */
export type PublicJwk = Record<string, string>;

/** The authenticated context of a client secret: bound to its organization's row. */
export const clientSecretContext = (orgId: string) => `oidc_providers.client_secret:${orgId}`;
const clientKeyContext = (orgId: string) => `oidc_providers.client_key:${orgId}`;

/** What an admin sees of the organization's provider (no secret, no private key). */
export interface OrgSsoSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientAuth: ClientAuthMethod;
  readonly clientSecretSet: boolean;
  /** `private_key_jwt`: the key set to register at the provider (also at …/oidc/{orgId}/jwks). */
  readonly clientJwks: { keys: PublicJwk[] } | null;
  readonly vouchedDomains: string[];
  readonly jitRole: Role | null;
  readonly ssoRequired: boolean;
  readonly updatedAt: string;
}

/** The provider with its credentials decrypted, for the sign-in flow only. */
export interface OrgOidcProvider {
  readonly orgId: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientAuth: ClientAuthMethod;
  readonly clientSecret: string | null;
  /** The client's private key (a JWK with its `kid`), for `private_key_jwt`. */
  readonly clientKey: Readonly<Record<string, string>> | null;
  /** The vouched domains the organization holds proven now: only these vouch for anyone. */
  readonly vouchedDomains: readonly string[];
  readonly jitRole: Role | null;
  readonly ssoRequired: boolean;
}

type Row = {
  org_id: string;
  issuer: string;
  client_id: string;
  client_auth: ClientAuthMethod;
  client_secret: string | null;
  client_key: string | null;
  vouched_domains: string[];
  jit_role_name: Role | null;
  sso_required: boolean;
  updated_at: string;
};

const RETURNING = sql`org_id, issuer, client_id, client_auth, client_secret, client_key,
  vouched_domains, jit_role_name, sso_required, ${isoText(sql`updated_at`)} as updated_at`;

/** The public half of a private JWK (RSA or EC): what a provider verifies our assertions with. */
export function publicJwkOf(privateJwk: Readonly<Record<string, string>>): PublicJwk {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = privateJwk;
  return rest;
}

function settingsOf(cipher: Cipher, row: Row): OrgSsoSettings {
  const key = row.client_key
    ? (JSON.parse(cipher.decrypt(row.client_key, clientKeyContext(row.org_id))) as Record<
        string,
        string
      >)
    : null;
  return {
    issuer: row.issuer,
    clientId: row.client_id,
    clientAuth: row.client_auth,
    clientSecretSet: row.client_secret !== null,
    clientJwks: row.client_auth === 'private_key_jwt' && key ? { keys: [publicJwkOf(key)] } : null,
    vouchedDomains: row.vouched_domains,
    jitRole: row.jit_role_name,
    ssoRequired: row.sso_required,
    updatedAt: row.updated_at,
  };
}

async function rowOf(db: Executor, orgId: string): Promise<Row | undefined> {
  const [row] = await db.execute<Row>(
    sql`select ${RETURNING} from oidc_providers where org_id = ${orgId}`,
  );
  return row;
}

export async function getSsoSettings(
  db: Executor,
  cipher: Cipher,
  scope: OrgScope,
): Promise<OrgSsoSettings | null> {
  const row = await rowOf(db, scope.orgId);
  return row ? settingsOf(cipher, row) : null;
}

/**
 * Creates or replaces the organization's provider. `clientSecret` may be left out to keep the
 * stored one (an admin changing the domains does not retype it); `clientKey` (a private JWK)
 * is kept once made, and made by the caller when `private_key_jwt` needs one. Answers null when
 * the method needs a credential there is none of.
 */
export async function putSsoSettings(
  tx: Executor,
  cipher: Cipher,
  scope: OrgScope,
  input: {
    issuer: string;
    clientId: string;
    clientAuth: ClientAuthMethod;
    clientSecret?: string | undefined;
    clientKey?: Readonly<Record<string, string>> | undefined;
    vouchedDomains: readonly string[];
    jitRole: Role | null;
    ssoRequired: boolean;
  },
): Promise<OrgSsoSettings | null> {
  const secret =
    input.clientSecret === undefined
      ? null
      : cipher.encrypt(input.clientSecret, clientSecretContext(scope.orgId));
  const key =
    input.clientKey === undefined
      ? null
      : cipher.encrypt(JSON.stringify(input.clientKey), clientKeyContext(scope.orgId));
  const domains = sql`(select coalesce(array_agg(d.value), '{}') from jsonb_array_elements_text(${JSON.stringify(input.vouchedDomains)}::jsonb) d)`;
  const [row] = await tx.execute<Row>(sql`
    insert into oidc_providers (org_id, issuer, client_id, client_auth, client_secret, client_key,
                                vouched_domains, jit_role_name, sso_required, updated_by)
    values (${scope.orgId}, ${input.issuer}, ${input.clientId}, ${input.clientAuth}, ${secret},
            ${key}, ${domains}, ${input.jitRole}, ${input.ssoRequired}, ${scope.userId})
    on conflict (org_id) do update set
      issuer = excluded.issuer, client_id = excluded.client_id,
      client_auth = excluded.client_auth,
      client_secret = coalesce(excluded.client_secret, oidc_providers.client_secret),
      client_key = coalesce(excluded.client_key, oidc_providers.client_key),
      vouched_domains = excluded.vouched_domains,
      jit_role_name = excluded.jit_role_name, sso_required = excluded.sso_required,
      updated_by = excluded.updated_by, updated_at = now()
    returning ${RETURNING}`);
  if (!row) throw new Error('upsert returned nothing');
  const usable =
    row.client_auth === 'private_key_jwt' ? row.client_key !== null : row.client_secret !== null;
  // Rolled back by the caller: a provider is never stored without its credential.
  return usable ? settingsOf(cipher, row) : null;
}

/** Whether the organization's provider already has a private key (`private_key_jwt`). */
export async function hasClientKey(db: Executor, orgId: string): Promise<boolean> {
  const rows = await db.execute(
    sql`select 1 from oidc_providers where org_id = ${orgId} and client_key is not null`,
  );
  return rows.length > 0;
}

/** Removes the organization's provider; answers its issuer, or null when there was none. */
export async function deleteSsoSettings(tx: Executor, scope: OrgScope): Promise<string | null> {
  const [row] = await tx.execute<{ issuer: string }>(
    sql`delete from oidc_providers where org_id = ${scope.orgId} returning issuer`,
  );
  return row?.issuer ?? null;
}

/** The organization's provider's issuer (locked until commit), or null when it has none. */
export async function lockedIssuerOf(tx: Executor, orgId: string): Promise<string | null> {
  const [row] = await tx.execute<{ issuer: string }>(
    sql`select issuer from oidc_providers where org_id = ${orgId} for update`,
  );
  return row?.issuer ?? null;
}

/** A domain the organization no longer claims no longer appears among its vouched ones. */
export async function dropVouchedDomain(
  tx: Executor,
  scope: OrgScope,
  domain: string,
): Promise<void> {
  await tx.execute(sql`
    update oidc_providers set vouched_domains = array_remove(vouched_domains, ${domain})
     where org_id = ${scope.orgId} and ${domain} = any(vouched_domains)`);
}

/**
 * The provider of an organization, credentials decrypted, for a sign-in (no member stands behind
 * it yet: the organization is named in the sign-in URL). Its vouched domains are those the
 * organization holds proven at this moment (organization_domains).
 */
export async function findOrgOidcProvider(
  db: Executor,
  cipher: Cipher,
  orgId: string,
): Promise<OrgOidcProvider | undefined> {
  const [row] = await db.execute<Row & { proven: string[] }>(sql`
    select ${RETURNING},
           array(select v from unnest(vouched_domains) v
                  where v in (select domain from organization_domains
                               where org_id = ${orgId} and verified_at is not null)) as proven
      from oidc_providers where org_id = ${orgId}`);
  if (!row) return undefined;
  return {
    orgId: row.org_id,
    issuer: row.issuer,
    clientId: row.client_id,
    clientAuth: row.client_auth,
    clientSecret: row.client_secret
      ? cipher.decrypt(row.client_secret, clientSecretContext(row.org_id))
      : null,
    clientKey: row.client_key
      ? JSON.parse(cipher.decrypt(row.client_key, clientKeyContext(row.org_id)))
      : null,
    vouchedDomains: row.proven,
    jitRole: row.jit_role_name,
    ssoRequired: row.sso_required,
  };
}

/** The public key set of an organization's client (`private_key_jwt`), or null. */
export async function clientJwksOf(
  db: Executor,
  cipher: Cipher,
  orgId: string,
): Promise<{ keys: PublicJwk[] } | null> {
  const row = await rowOf(db, orgId);
  return row ? settingsOf(cipher, row).clientJwks : null;
}

/** Whether the organization requires SSO (only its provider's sessions reach its data). */
export async function ssoRequiredOf(db: Executor, orgId: string): Promise<boolean> {
  const rows = await db.execute(
    sql`select 1 from oidc_providers where org_id = ${orgId} and sso_required`,
  );
  return rows.length > 0;
}

/** The organizations of a user that require SSO (reads `memberships`). */
export async function ssoRequiredOrgsOf(db: Executor, userId: string): Promise<string[]> {
  const rows = await db.execute<{ org_id: string }>(sql`
    select p.org_id from oidc_providers p join memberships m on m.org_id = p.org_id
     where m.user_id = ${userId} and p.sso_required order by p.org_id`);
  return rows.map((r) => r.org_id);
}

/** The providers' encrypted columns, for key rotation (listed by the SSO module). */
export const oidcProviderSecretColumns: readonly EncryptedColumn[] = (
  [
    ['client_secret', clientSecretContext],
    ['client_key', clientKeyContext],
  ] as const
).map(([column, context]) => ({
  name: `oidc_providers.${column}`,
  context,
  async notUnder(db, current, after, limit) {
    return [
      ...(await db.execute<{ id: string; value: string }>(sql`
        select org_id as id, ${sql.identifier(column)} as value from oidc_providers
         where ${sql.identifier(column)} not like ${current} and org_id > ${after}
         order by org_id limit ${limit}`)),
    ];
  },
  async replace(db, id, old, fresh) {
    const updated = await db.execute(sql`
      update oidc_providers set ${sql.identifier(column)} = ${fresh}
       where org_id = ${id} and ${sql.identifier(column)} = ${old} returning org_id`);
    return updated.length === 1;
  },
}));
