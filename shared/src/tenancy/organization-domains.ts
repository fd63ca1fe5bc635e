import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Executor, isoText } from '../db';
import type { OrgScope } from './org-access';

/**
 * The one owner of the `organization_domains` table: the email domains an organization claims,
 * each proven by a DNS TXT record that holds the organization's challenge. Only a proven domain
 * lets the organization's provider vouch for its addresses; one organization holds a proven
 * domain at a time (a unique index), and a proof is re-checked periodically and lost when the
 * record is gone.
 */

/** The name of the TXT record that proves a domain. */
export const challengeRecordName = (domain: string) => `_insightdesk-challenge.${domain}`;

/** What the TXT record holds: the organization's challenge for this domain. */
export const challengeRecordValue = (challenge: string) =>
  `insightdesk-domain-verification=${challenge}`;

/** Checks in a row without the record that a proof survives (a DNS change being made). */
export const DOMAIN_MISSES_ALLOWED = 1;

/** How many domains one organization may claim. */
export const MAX_DOMAINS_PER_ORG = 50;

/** First keys of this table's two-key advisory locks (their own lock spaces). */
const CLAIM_LOCK = 0x0d0c;
const PROOF_LOCK = 0x0d0d;

export interface OrganizationDomain {
  readonly domain: string;
  readonly status: 'pending' | 'verified';
  /** The record to publish: `TXT <name> "<value>"`. */
  readonly record: { readonly type: 'TXT'; readonly name: string; readonly value: string };
  readonly verifiedAt: string | null;
  readonly checkedAt: string | null;
  readonly createdAt: string;
}

type Row = {
  id: string;
  org_id: string;
  domain: string;
  challenge: string;
  verified_at: string | null;
  checked_at: string | null;
  created_at: string;
};

const columns = sql`id, org_id, domain, challenge, ${isoText(sql`verified_at`)} as verified_at,
  ${isoText(sql`checked_at`)} as checked_at, ${isoText(sql`created_at`)} as created_at`;

const domainOf = (row: Row): OrganizationDomain => ({
  domain: row.domain,
  status: row.verified_at ? 'verified' : 'pending',
  record: {
    type: 'TXT',
    name: challengeRecordName(row.domain),
    value: challengeRecordValue(row.challenge),
  },
  verifiedAt: row.verified_at,
  checkedAt: row.checked_at,
  createdAt: row.created_at,
});

export async function listDomains(db: Executor, scope: OrgScope): Promise<OrganizationDomain[]> {
  const rows = await db.execute<Row>(sql`
    select ${columns} from organization_domains where org_id = ${scope.orgId} order by domain`);
  return rows.map(domainOf);
}

/** One claimed domain of the organization, with its challenge (for the check). */
export async function findDomain(
  db: Executor,
  scope: OrgScope,
  domain: string,
): Promise<(OrganizationDomain & { readonly challenge: string }) | undefined> {
  const [row] = await db.execute<Row>(sql`
    select ${columns} from organization_domains
     where org_id = ${scope.orgId} and domain = ${domain}`);
  return row ? { ...domainOf(row), challenge: row.challenge } : undefined;
}

/**
 * Claims a domain (pending until its record is found), with a fresh challenge; a domain claimed
 * before is answered as it is. Null when the organization claims as many as it may.
 */
export async function claimDomain(
  tx: Executor,
  scope: OrgScope,
  domain: string,
): Promise<{ domain: OrganizationDomain; created: boolean } | null> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK}, hashtext(${scope.orgId}))`);
  const existing = await findDomain(tx, scope, domain);
  if (existing) {
    const { challenge: _, ...claimed } = existing;
    return { domain: claimed, created: false };
  }
  const [count] = await tx.execute<{ n: number }>(
    sql`select count(*)::int as n from organization_domains where org_id = ${scope.orgId}`,
  );
  if ((count?.n ?? 0) >= MAX_DOMAINS_PER_ORG) return null;
  const [row] = await tx.execute<Row>(sql`
    insert into organization_domains (id, org_id, domain, challenge, created_by)
    values (${Bun.randomUUIDv7()}, ${scope.orgId}, ${domain},
            ${randomBytes(24).toString('base64url')}, ${scope.userId})
    returning ${columns}`);
  if (!row) throw new Error('insert returned nothing');
  return { domain: domainOf(row), created: true };
}

/**
 * Records a successful check: the domain is proven for this organization, unless another one
 * holds it proven (`claimed`: the unique index on proven domains).
 */
export async function markDomainProven(
  tx: Executor,
  scope: OrgScope,
  domain: string,
): Promise<OrganizationDomain | 'claimed' | undefined> {
  // Proofs of one domain, whichever organization makes them, one at a time: the check below
  // then sees a proof another organization committed first.
  await tx.execute(sql`select pg_advisory_xact_lock(${PROOF_LOCK}, hashtext(${domain}))`);
  const [taken] = await tx.execute(sql`
    select 1 from organization_domains
     where domain = ${domain} and verified_at is not null and org_id <> ${scope.orgId}`);
  if (taken) return 'claimed';
  const [row] = await tx.execute<Row>(sql`
    update organization_domains
       set verified_at = coalesce(verified_at, now()), checked_at = now(), missed_checks = 0
     where org_id = ${scope.orgId} and domain = ${domain}
    returning ${columns}`);
  return row ? domainOf(row) : undefined;
}

/**
 * Records a check an admin asked for that found no record. A pending domain stays pending; a
 * proven one counts a miss exactly as the periodic re-check does (`recordRecheck`), so asking
 * again and again never keeps alive a proof whose record is gone.
 */
export async function markDomainUnproven(
  tx: Executor,
  scope: OrgScope,
  domain: string,
  missesAllowed: number,
): Promise<'pending' | 'missed' | 'lost'> {
  const [row] = await tx.execute<{ id: string; verified: boolean }>(sql`
    select id, verified_at is not null as verified from organization_domains
     where org_id = ${scope.orgId} and domain = ${domain} for update`);
  if (!row) return 'pending';
  if (!row.verified) {
    await tx.execute(sql`update organization_domains set checked_at = now() where id = ${row.id}`);
    return 'pending';
  }
  const outcome = await recordRecheck(tx, row.id, false, missesAllowed);
  return outcome === 'kept' ? 'missed' : outcome;
}

/** Removes a claimed domain; true if there was one. */
export async function releaseDomain(tx: Executor, scope: OrgScope, domain: string) {
  const rows = await tx.execute(sql`
    delete from organization_domains where org_id = ${scope.orgId} and domain = ${domain}
    returning id`);
  return rows.length > 0;
}

/** The domains an organization holds proven now (what its provider may vouch for). */
export async function provenDomainsOf(db: Executor, orgId: string): Promise<string[]> {
  const rows = await db.execute<{ domain: string }>(sql`
    select domain from organization_domains
     where org_id = ${orgId} and verified_at is not null order by domain`);
  return rows.map((r) => r.domain);
}

/** A proven domain due for its periodic re-check. */
export interface DomainDue {
  readonly id: string;
  readonly orgId: string;
  readonly domain: string;
  readonly challenge: string;
}

/** Proven domains last checked more than `hours` ago, oldest first. */
export async function domainsDueForCheck(
  db: Executor,
  hours: number,
  limit: number,
): Promise<DomainDue[]> {
  const rows = await db.execute<{ id: string; org_id: string; domain: string; challenge: string }>(
    sql`select id, org_id, domain, challenge from organization_domains
         where verified_at is not null
           and (checked_at is null or checked_at < now() - ${`${hours} hours`}::interval)
         order by checked_at nulls first limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    domain: r.domain,
    challenge: r.challenge,
  }));
}

/**
 * The outcome of a re-check: a record found keeps the proof; `missesAllowed` checks in a row
 * without it lose it (`lost`: the domain is pending again, and vouches for nobody).
 */
export async function recordRecheck(
  tx: Executor,
  id: string,
  found: boolean,
  missesAllowed: number,
): Promise<'kept' | 'missed' | 'lost'> {
  if (found) {
    await tx.execute(sql`
      update organization_domains set checked_at = now(), missed_checks = 0 where id = ${id}`);
    return 'kept';
  }
  const [row] = await tx.execute<{ missed: number }>(sql`
    update organization_domains
       set checked_at = now(), missed_checks = missed_checks + 1,
           verified_at = case when missed_checks + 1 > ${missesAllowed} then null else verified_at end
     where id = ${id}
    returning missed_checks as missed`);
  return (row?.missed ?? 0) > missesAllowed ? 'lost' : 'missed';
}
