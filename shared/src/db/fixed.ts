import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

const dialect = new PgDialect();
/** drizzle's text and parameters of a statement or fragment (`fixed`, `statement`: once each). */
export const render = (query: SQL) => dialect.sqlToQuery(query);

/**
 * A fragment without parameters, rendered to its text once. drizzle walks a fragment's tree
 * (every nested `sql`, every `isoText`) again on every query that includes it: for the ticket
 * read's select list and joins that was ~7 µs of ~60 (bench/inprocess.ts). A fragment with
 * parameters is refused: their values would be frozen into the text.
 */
export function fixed(fragment: SQL): SQL {
  const query = render(fragment);
  if (query.params.length > 0) throw new Error('fixed(): the fragment has parameters');
  return sql.raw(query.sql);
}
