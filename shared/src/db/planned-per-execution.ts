import { sql } from 'drizzle-orm';

/**
 * The comment that marks a statement to be planned at each execution, with the values it is
 * bound with. Every other statement with parameters is prepared once per connection (client.ts,
 * `preparing`), and after five executions PostgreSQL may keep a generic plan, made for no value
 * in particular: fine where every value costs alike, wrong where one organization, one word or
 * one thread is far from the average. Measured at 1 M tickets (bench/data-scale.ts): a common
 * word's search read 50,000 matches of the large organization and sorted them (580 ms) where its
 * own plan walks the newest tickets and stops at a page (2 ms); a 10,000-message thread's page
 * sorted the thread (20 ms) where its own plan reads 26 rows of the index. Planning each time
 * costs ~1 ms of the database's CPU: for the statements whose cost follows their values.
 */
export const PLANNED_PER_EXECUTION = '/* planned per execution */';

/** The marker, as the first fragment of a drizzle statement. */
export const plannedPerExecution = sql.raw(`${PLANNED_PER_EXECUTION}\n`);

export const isPlannedPerExecution = (query: string) => query.startsWith(PLANNED_PER_EXECUTION);
