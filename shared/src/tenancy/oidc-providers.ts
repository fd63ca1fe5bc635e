import { sql } from 'drizzle-orm';
import { type Executor, isoText } from '../db';
import type { Cipher } from '../encryption';
import type { Role } from '../shapes/roles';
import type { OrgScope } from './memberships';

/**
 * The one owner of the `oidc_providers` table: an organization's OpenID provider, its vouched
 * domains, the role of members provisioned on first sign-in, and "SSO required". The client
 * secret is encrypted here and decrypted only for the token request (never returned).
 */

/** The authenticated context of a client secret: bound to its organization's row. */
export const clientSecretContext = (orgId: string) => `oidc_providers.client_secret:${orgId}`;

/** What an admin sees of the organization's provider (no secret). */
export interface OrgSsoSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecretSet: true;
  readonly vouchedDomains: string[];
  readonly jitRole: Role | null;
  readonly ssoRequired: boolean;
  readonly updatedAt: string;
}

/** The provider with its secret decrypted, for the sign-in flow only. */
export interface OrgOidcProvider {
  readonly orgId: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly vouchedDomains: readonly string[];
  readonly jitRole: Role | null;
  readonly ssoRequired: boolean;
}

type Row = {
  org_id: string;
  issuer: string;
  client_id: string;
  client_secret: string;
  vouched_domains: string[];
  jit_role: Role | null;
  sso_required: boolean;
  updated_at: string;
};

const settingsOf = (row: Row): OrgSsoSettings => ({
  issuer: row.issuer,
  clientId: row.client_id,
  clientSecretSet: true,
  vouchedDomains: row.vouched_domains,
  jitRole: row.jit_role,
  ssoRequired: row.sso_required,
  updatedAt: row.updated_at,
});

async function rowOf(db: Executor, orgId: string): Promise<Row | undefined> {
  const [row] = await db.execute<Row>(sql`
    select org_id, issuer, client_id, client_secret, vouched_domains, jit_role, sso_required,
           ${isoText(sql`updated_at`)} as updated_at
      from oidc_providers where org_id = ${orgId}`);
  return row;
}

export async function getSsoSettings(
  db: Executor,
  scope: OrgScope,
): Promise<OrgSsoSettings | null> {
  const row = await rowOf(db, scope.orgId);
  return row ? settingsOf(row) : null;
}

/**
 * Creates or replaces the organization's provider. `clientSecret` may be left out to keep the
 * stored one (an admin changing the domains does not retype it); a first setting needs it.
 * Answers null when there is no secret to keep.
 */
export async function putSsoSettings(
  tx: Executor,
  cipher: Cipher,
  scope: OrgScope,
  input: {
    issuer: string;
    clientId: string;
    clientSecret?: string | undefined;
    vouchedDomains: readonly string[];
    jitRole: Role | null;
    ssoRequired: boolean;
  },
): Promise<OrgSsoSettings | null> {
  const secret =
    input.clientSecret === undefined
      ? undefined
      : cipher.encrypt(input.clientSecret, clientSecretContext(scope.orgId));
  const domains = sql`(select coalesce(array_agg(d.value), '{}') from jsonb_array_elements_text(${JSON.stringify(input.vouchedDomains)}::jsonb) d)`;
  const [row] = secret
    ? await tx.execute<Row>(sql`
        insert into oidc_providers (org_id, issuer, client_id, client_secret, vouched_domains,
                                    jit_role, sso_required, updated_by)
        values (${scope.orgId}, ${input.issuer}, ${input.clientId}, ${secret}, ${domains},
                ${input.jitRole}, ${input.ssoRequired}, ${scope.userId})
        on conflict (org_id) do update set
          issuer = excluded.issuer, client_id = excluded.client_id,
          client_secret = excluded.client_secret, vouched_domains = excluded.vouched_domains,
          jit_role = excluded.jit_role, sso_required = excluded.sso_required,
          updated_by = excluded.updated_by, updated_at = now()
        returning org_id, issuer, client_id, client_secret, vouched_domains, jit_role,
                  sso_required, ${isoText(sql`updated_at`)} as updated_at`)
    : await tx.execute<Row>(sql`
        update oidc_providers set
          issuer = ${input.issuer}, client_id = ${input.clientId}, vouched_domains = ${domains},
          jit_role = ${input.jitRole}, sso_required = ${input.ssoRequired},
          updated_by = ${scope.userId}, updated_at = now()
         where org_id = ${scope.orgId}
        returning org_id, issuer, client_id, client_secret, vouched_domains, jit_role,
                  sso_required, ${isoText(sql`updated_at`)} as updated_at`);
  return row ? settingsOf(row) : null;
}

/** Removes the organization's provider; true if there was one. */
export async function deleteSsoSettings(tx: Executor, scope: OrgScope): Promise<boolean> {
  const rows = await tx.execute(
    sql`delete from oidc_providers where org_id = ${scope.orgId} returning org_id`,
  );
  return rows.length > 0;
}

/**
 * The provider of an organization, secret decrypted, for a sign-in (no member stands behind
 * it yet: the organization is named in the sign-in URL).
 */
export async function findOrgOidcProvider(
  db: Executor,
  cipher: Cipher,
  orgId: string,
): Promise<OrgOidcProvider | undefined> {
  const row = await rowOf(db, orgId);
  if (!row) return undefined;
  return {
    orgId: row.org_id,
    issuer: row.issuer,
    clientId: row.client_id,
    clientSecret: cipher.decrypt(row.client_secret, clientSecretContext(row.org_id)),
    vouchedDomains: row.vouched_domains,
    jitRole: row.jit_role,
    ssoRequired: row.sso_required,
  };
}

/**
 * The organizations of a user that require SSO (password login and invitations refused for
 * their members); reads `memberships`.
 */
export async function ssoRequiredOrgsOf(db: Executor, userId: string): Promise<string[]> {
  const rows = await db.execute<{ org_id: string }>(sql`
    select p.org_id from oidc_providers p join memberships m on m.org_id = p.org_id
     where m.user_id = ${userId} and p.sso_required order by p.org_id`);
  return rows.map((r) => r.org_id);
}

/**
 * The issuer an organization requires its members to sign in with, or null when it does not
 * (an invitation into it is accepted only by an account signed in through that provider).
 */
export async function requiredIssuerOf(db: Executor, orgId: string): Promise<string | null> {
  const [row] = await db.execute<{ issuer: string }>(
    sql`select issuer from oidc_providers where org_id = ${orgId} and sso_required`,
  );
  return row?.issuer ?? null;
}

/** Key rotation: client secrets not under the current key (see encryption/rotate.ts). */
export async function clientSecretsNotUnder(
  db: Executor,
  current: string,
  after: string,
  limit: number,
): Promise<{ id: string; value: string }[]> {
  return [
    ...(await db.execute<{ id: string; value: string }>(sql`
      select org_id as id, client_secret as value from oidc_providers
       where client_secret not like ${current} and org_id > ${after}
       order by org_id limit ${limit}`)),
  ];
}

export async function replaceClientSecret(
  db: Executor,
  id: string,
  old: string,
  fresh: string,
): Promise<boolean> {
  const updated = await db.execute(sql`
    update oidc_providers set client_secret = ${fresh}
     where org_id = ${id} and client_secret = ${old} returning org_id`);
  return updated.length === 1;
}
