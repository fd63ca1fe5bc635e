import { sql } from 'drizzle-orm';
import { type Executor, isoText } from '../db';
import { decodeCursor, type Page, toPage } from '../db/pagination';
import type { Cipher, EncryptedColumn } from '../encryption';
import { NotFoundError } from '../errors';
import { eventWriter } from '../events/outbox';
import { isUuid, type OrgScope } from '../tenancy/org-access';
import { webhookEvents } from './events';
import { newWebhookSecret } from './signing';

const { record: recordWebhookEvent } = eventWriter(webhookEvents);

/**
 * The one owner of `webhook_endpoints`: an organization's endpoints, their secrets (encrypted at
 * rest, the previous one kept for a grace period after a rotation) and their health (failing
 * since, last success, disabled and why).
 */

export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  readonly description: string;
  readonly eventTypes: string[];
  readonly enabled: boolean;
  /** `gone` (it answered 410), `failing` (no success for days), null when on or turned off by hand. */
  readonly disabledReason: DisabledReason | null;
  readonly failingSince: string | null;
  readonly lastSuccessAt: string | null;
  /** Until when the secret before the last rotation still signs (null: none does). */
  readonly previousSecretValidUntil: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type DisabledReason = 'gone' | 'failing';

export interface EndpointInput {
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly description?: string;
  readonly enabled?: boolean;
}

const secretContext = (id: string) => `webhook_endpoints.secret:${id}`;
const previousContext = (id: string) => `webhook_endpoints.previous_secret:${id}`;

const notFound = () => new NotFoundError('webhook_not_found', 'No such webhook endpoint.');

const columns = sql`id, url, description, event_types, enabled, disabled_reason,
  ${isoText(sql`failing_since`)} as failing_since, ${isoText(sql`last_success_at`)} as last_success_at,
  case when previous_secret_until > now() then ${isoText(sql`previous_secret_until`)} end as previous_until,
  ${isoText(sql`created_at`)} as created_at, ${isoText(sql`updated_at`)} as updated_at`;

type Row = {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  disabled_reason: DisabledReason | null;
  failing_since: string | null;
  last_success_at: string | null;
  previous_until: string | null;
  created_at: string;
  updated_at: string;
};

const endpoint = (r: Row): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  description: r.description,
  eventTypes: r.event_types,
  enabled: r.enabled,
  disabledReason: r.disabled_reason,
  failingSince: r.failing_since,
  lastSuccessAt: r.last_success_at,
  previousSecretValidUntil: r.previous_until,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const textArray = (list: readonly string[]) =>
  sql`${`{${list.map((t) => `"${t}"`).join(',')}}`}::text[]`;

/** A new endpoint and its secret (answered once, stored encrypted). */
export async function createEndpoint(
  tx: Executor,
  scope: OrgScope,
  input: EndpointInput,
  cipher: Cipher,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const id = Bun.randomUUIDv7();
  const secret = newWebhookSecret();
  const [row] = await tx.execute<Row>(sql`
    insert into webhook_endpoints (id, org_id, url, description, event_types, enabled, secret)
    values (${id}, ${scope.orgId}, ${input.url}, ${input.description ?? ''},
            ${textArray(input.eventTypes)}, ${input.enabled ?? true},
            ${cipher.encrypt(secret, secretContext(id))})
    returning ${columns}`);
  if (!row) throw new Error('insert returned nothing');
  return { endpoint: endpoint(row), secret };
}

/** The organization's endpoints, oldest first. */
export async function listEndpoints(
  db: Executor,
  scope: OrgScope,
  page: { limit: number; cursor?: string },
): Promise<Page<WebhookEndpoint>> {
  const after = decodeCursor(page.cursor);
  const rows = await db.execute<Row>(sql`
    select ${columns} from webhook_endpoints
     where org_id = ${scope.orgId}
       ${after ? sql`and (created_at, id) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
     order by created_at, id
     limit ${page.limit + 1}`);
  return toPage(rows, page.limit, endpoint, (r) => ({ at: new Date(r.created_at), id: r.id }));
}

/** One endpoint of the organization (404 for another's, or an id in another spelling). */
export async function getEndpoint(db: Executor, scope: OrgScope, id: string) {
  if (!isUuid(id)) throw notFound();
  const [row] = await db.execute<Row>(sql`
    select ${columns} from webhook_endpoints where org_id = ${scope.orgId} and id = ${id}`);
  if (!row) throw notFound();
  return endpoint(row);
}

/**
 * Changes what is given. Turning an endpoint on again clears its failure streak and why it was
 * turned off.
 */
export async function updateEndpoint(
  tx: Executor,
  scope: OrgScope,
  id: string,
  patch: Partial<EndpointInput>,
): Promise<WebhookEndpoint> {
  if (!isUuid(id)) throw notFound();
  const sets = [sql`updated_at = now()`];
  if (patch.url !== undefined) sets.push(sql`url = ${patch.url}`);
  if (patch.description !== undefined) sets.push(sql`description = ${patch.description}`);
  if (patch.eventTypes !== undefined) sets.push(sql`event_types = ${textArray(patch.eventTypes)}`);
  if (patch.enabled !== undefined) {
    sets.push(sql`enabled = ${patch.enabled}`);
    if (patch.enabled) sets.push(sql`disabled_reason = null, failing_since = null`);
  }
  const [row] = await tx.execute<Row>(sql`
    update webhook_endpoints set ${sql.join(sets, sql`, `)}
     where org_id = ${scope.orgId} and id = ${id}
     returning ${columns}`);
  if (!row) throw notFound();
  return endpoint(row);
}

/** Deletes an endpoint with its deliveries and their attempts (cascade). */
export async function deleteEndpoint(tx: Executor, scope: OrgScope, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound();
  const rows = await tx.execute(sql`
    delete from webhook_endpoints where org_id = ${scope.orgId} and id = ${id} returning id`);
  if (rows.length === 0) throw notFound();
}

/**
 * A new secret; the current one becomes the previous and keeps signing for `graceSeconds` (a
 * previous one still in its grace is dropped: two secrets at most).
 */
export async function rotateEndpointSecret(
  tx: Executor,
  scope: OrgScope,
  id: string,
  cipher: Cipher,
  graceSeconds: number,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  if (!isUuid(id)) throw notFound();
  const [current] = await tx.execute<{ secret: string }>(sql`
    select secret from webhook_endpoints where org_id = ${scope.orgId} and id = ${id} for update`);
  if (!current) throw notFound();
  const secret = newWebhookSecret();
  const previous = cipher.decrypt(current.secret, secretContext(id));
  const [row] = await tx.execute<Row>(sql`
    update webhook_endpoints
       set secret = ${cipher.encrypt(secret, secretContext(id))},
           previous_secret = ${graceSeconds > 0 ? cipher.encrypt(previous, previousContext(id)) : null},
           previous_secret_until = ${graceSeconds > 0 ? sql`now() + ${graceSeconds} * interval '1 second'` : null},
           updated_at = now()
     where id = ${id}
     returning ${columns}`);
  if (!row) throw notFound();
  return { endpoint: endpoint(row), secret };
}

/**
 * The organization's enabled endpoints subscribed to `type` that existed when the event happened
 * (`at`, its outbox time, to the millisecond): the relay's fan-out. An endpoint gets only what
 * happened after it was made — also when the outbox is re-driven after Valkey lost its data,
 * which hands it events recorded long before.
 */
export async function subscribedEndpoints(
  db: Executor,
  orgId: string,
  type: string,
  at: string,
): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    select id from webhook_endpoints
     where org_id = ${orgId} and enabled and ${type} = any(event_types)
       and date_trunc('milliseconds', created_at) <= ${at}::timestamptz
     order by id`);
  return rows.map((r) => r.id);
}

/** What an attempt needs of its endpoint: where, whether it is on, and the secrets that sign. */
export interface EndpointTarget {
  readonly id: string;
  readonly orgId: string;
  readonly url: string;
  readonly enabled: boolean;
  /** The current secret first, then the previous one while its grace lasts. */
  readonly secrets: string[];
}

export async function endpointTarget(
  db: Executor,
  id: string,
  cipher: Cipher,
): Promise<EndpointTarget | null> {
  const [row] = await db.execute<{
    id: string;
    org_id: string;
    url: string;
    enabled: boolean;
    secret: string;
    previous: string | null;
  }>(sql`
    select id, org_id, url, enabled, secret,
           case when previous_secret_until > now() then previous_secret end as previous
      from webhook_endpoints where id = ${id}`);
  if (!row) return null;
  const secrets = [cipher.decrypt(row.secret, secretContext(id))];
  if (row.previous) secrets.push(cipher.decrypt(row.previous, previousContext(id)));
  return { id: row.id, orgId: row.org_id, url: row.url, enabled: row.enabled, secrets };
}

/** A success: the failure streak ends. */
export async function markEndpointSucceeded(db: Executor, id: string): Promise<void> {
  await db.execute(sql`
    update webhook_endpoints set failing_since = null, last_success_at = now() where id = ${id}`);
}

/**
 * A failure: the streak starts (or goes on). `gone` (a 410) turns the endpoint off at once; so
 * does a streak longer than `disableAfterMs` with no success. Answers why it was turned off now,
 * or null; when it was, `webhook.endpoint-disabled` is recorded (its admins hear of it).
 */
export async function markEndpointFailed(
  tx: Executor,
  id: string,
  options: { gone: boolean; disableAfterMs: number },
): Promise<'gone' | 'failing' | null> {
  await tx.execute(sql`
    update webhook_endpoints set failing_since = coalesce(failing_since, now()) where id = ${id}`);
  const [row] = await tx.execute<{
    org_id: string;
    description: string;
    disabled: string | null;
    disabled_at: string;
  }>(sql`
    update webhook_endpoints
       set enabled = false, updated_at = now(),
           disabled_reason = ${options.gone ? 'gone' : 'failing'}
     where id = ${id} and enabled
       and (${options.gone} or failing_since < now() - ${options.disableAfterMs} * interval '1 millisecond')
    returning org_id, description, disabled_reason as disabled, ${isoText(sql`now()`)} as disabled_at`);
  if (!row?.disabled) return null;
  const reason = row.disabled as 'gone' | 'failing';
  await recordWebhookEvent(tx, row.org_id, 'webhook.endpoint-disabled', {
    endpointId: id,
    description: row.description,
    reason,
    disabledAt: row.disabled_at,
  });
  return reason;
}

/** What the disabled-endpoint mail says about an endpoint, and to which organization. */
export async function endpointNotice(db: Executor, id: string) {
  const [row] = await db.execute<{
    org_id: string;
    organization: string;
    url: string;
    description: string;
    enabled: boolean;
    disabled_reason: string | null;
  }>(sql`
    select e.org_id, o.name as organization, e.url, e.description, e.enabled, e.disabled_reason
      from webhook_endpoints e join organizations o on o.id = e.org_id where e.id = ${id}`);
  if (!row) return null;
  return {
    orgId: row.org_id,
    organization: row.organization,
    url: row.url,
    description: row.description,
    enabled: row.enabled,
    disabledReason: row.disabled_reason as 'gone' | 'failing' | null,
  };
}

async function secretsNotUnder(
  db: Executor,
  column: 'secret' | 'previous_secret',
  current: string,
  after: string,
  limit: number,
) {
  return [
    ...(await db.execute<{ id: string; value: string }>(sql`
      select id, ${sql.raw(column)} as value from webhook_endpoints
       where ${sql.raw(column)} is not null and ${sql.raw(column)} not like ${current} and id > ${after}
       order by id limit ${limit}`)),
  ];
}

async function replaceSecret(
  db: Executor,
  column: 'secret' | 'previous_secret',
  id: string,
  old: string,
  fresh: string,
) {
  const rows = await db.execute(sql`
    update webhook_endpoints set ${sql.raw(column)} = ${fresh}
     where id = ${id} and ${sql.raw(column)} = ${old} returning id`);
  return rows.length === 1;
}

/** The endpoints' encrypted columns, for key rotation (listed by the webhooks' module). */
export const webhookSecretColumns: readonly EncryptedColumn[] = (
  [
    ['secret', secretContext],
    ['previous_secret', previousContext],
  ] as const
).map(([column, context]) => ({
  name: `webhook_endpoints.${column}`,
  context,
  notUnder: (db, current, after, limit) => secretsNotUnder(db, column, current, after, limit),
  replace: (db, id, old, fresh) => replaceSecret(db, column, id, old, fresh),
}));
