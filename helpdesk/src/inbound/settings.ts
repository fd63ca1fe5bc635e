import type { Executor } from '@insightdesk/shared/db';
import { isUniqueViolation } from '@insightdesk/shared/db';
import { ConflictError } from '@insightdesk/shared/errors';
import { sql } from 'drizzle-orm';
import type { InboundAuthPolicy } from '../schemas';

/**
 * The one owner of `inbound_settings`: an organization's inbound address (its slug) and its
 * policy for mail that fails SPF/DKIM/DMARC.
 */

export interface OrgInbound {
  readonly orgId: string;
  readonly slug: string;
  readonly authPolicy: InboundAuthPolicy;
}

/** The organization whose address is `<slug>@…` (case-insensitive), or null. */
export async function orgBySlug(db: Executor, slug: string): Promise<OrgInbound | null> {
  const [row] = await db.execute<{ org_id: string; slug: string; auth_policy: InboundAuthPolicy }>(
    sql`select org_id, slug, auth_policy from inbound_settings where lower(slug) = lower(${slug})`,
  );
  return row ? { orgId: row.org_id, slug: row.slug, authPolicy: row.auth_policy } : null;
}

/** The organization's settings, or null when it has no inbound address. */
export async function inboundSettingsOf(db: Executor, orgId: string): Promise<OrgInbound | null> {
  const [row] = await db.execute<{ org_id: string; slug: string; auth_policy: InboundAuthPolicy }>(
    sql`select org_id, slug, auth_policy from inbound_settings where org_id = ${orgId}`,
  );
  return row ? { orgId: row.org_id, slug: row.slug, authPolicy: row.auth_policy } : null;
}

/** Sets the address and policy (409 `slug_taken` when another organization has the slug). */
export async function putInboundSettings(db: Executor, settings: OrgInbound): Promise<OrgInbound> {
  try {
    await db.execute(sql`
      insert into inbound_settings (org_id, slug, auth_policy)
      values (${settings.orgId}, ${settings.slug}, ${settings.authPolicy})
      on conflict (org_id) do update
         set slug = excluded.slug, auth_policy = excluded.auth_policy, updated_at = now()`);
  } catch (err) {
    if (isUniqueViolation(err, 'inbound_settings_slug_key')) {
      throw new ConflictError('slug_taken', 'Another organization has this inbound address.');
    }
    throw err;
  }
  return settings;
}
