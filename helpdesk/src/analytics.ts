import type { Executor } from '@insightdesk/shared/db';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import { eq, sql } from 'drizzle-orm';
import { schema } from './db';
import { TICKET_STATUSES, type TicketStatus } from './schemas';

export interface AnalyticsSummary {
  readonly byStatus: Record<TicketStatus, number>;
  readonly createdLast7Days: number;
  readonly medianFirstResponseSeconds: number | null;
  readonly updatedAt: string;
}

/**
 * The one owner of the `org_analytics` table: rollups computed from `tickets` (and one per row of
 * `organizations`) by the statement below, which reads those tables and writes only this one.
 */

/** One row per organization: the same SQL serves the on-read fallback and the worker's rollup. */
const rollupSelect = (orgFilter: ReturnType<typeof sql>) => sql`
  select o.id as org_id,
         coalesce((select jsonb_object_agg(s.status, s.n)
                     from (select status, count(*)::int as n from tickets t
                            where t.org_id = o.id group by status) s), '{}'::jsonb) as by_status,
         (select count(*)::int from tickets t
           where t.org_id = o.id and t.created_at > now() - interval '7 days') as created_last_7_days,
         (select round(percentile_cont(0.5) within group
                   (order by extract(epoch from t.first_response_at - t.created_at)))::int
            from tickets t
           where t.org_id = o.id and t.first_response_at is not null
             and t.created_at > now() - interval '30 days') as median_first_response_seconds,
         now() as updated_at
    from organizations o
   where ${orgFilter}`;

function summary(row: {
  by_status: Partial<Record<TicketStatus, number>>;
  created_last_7_days: number;
  median_first_response_seconds: number | null;
  updated_at: Date | string;
}): AnalyticsSummary {
  const byStatus = Object.fromEntries(
    TICKET_STATUSES.map((s) => [s, row.by_status[s] ?? 0]),
  ) as Record<TicketStatus, number>;
  return {
    byStatus,
    createdLast7Days: Number(row.created_last_7_days),
    medianFirstResponseSeconds:
      row.median_first_response_seconds === null ? null : Number(row.median_first_response_seconds),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The rollup the worker maintains; computed on read until the first rollup exists. */
export async function analyticsSummary(db: Executor, scope: OrgScope): Promise<AnalyticsSummary> {
  const [rollup] = await db
    .select()
    .from(schema.orgAnalytics)
    .where(eq(schema.orgAnalytics.orgId, scope.orgId));
  if (rollup) {
    return summary({
      by_status: rollup.byStatus,
      created_last_7_days: rollup.createdLast7Days,
      median_first_response_seconds: rollup.medianFirstResponseSeconds,
      updated_at: rollup.updatedAt,
    });
  }
  const rows = await db.execute<Parameters<typeof summary>[0]>(
    rollupSelect(sql`o.id = ${scope.orgId}`),
  );
  const [row] = rows;
  if (!row) throw new Error('organization vanished');
  return summary(row);
}

/** Maintenance: recomputes every organization's rollup in one statement. Returns the row count. */
export async function refreshAnalyticsRollups(db: Executor): Promise<number> {
  const rows = await db.execute(sql`
    insert into org_analytics (org_id, by_status, created_last_7_days, median_first_response_seconds, updated_at)
    ${rollupSelect(sql`true`)}
    on conflict (org_id) do update set
      by_status = excluded.by_status,
      created_last_7_days = excluded.created_last_7_days,
      median_first_response_seconds = excluded.median_first_response_seconds,
      updated_at = excluded.updated_at
    returning org_id`);
  return rows.length;
}
