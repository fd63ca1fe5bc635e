import { type SQL, sql } from 'drizzle-orm';

/**
 * A timestamp column as ISO-8601 text in UTC with milliseconds (`2026-01-02T03:04:05.678Z`),
 * formatted by PostgreSQL: what the API answers, the same for every query that reads one.
 */
export const isoText = (column: SQL) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
