/**
 * What the stack's PostgreSQL records of its statements (docs/observability.md, "Slow queries";
 * the same settings are the documented production ones, with production's thresholds):
 * - pg_stat_statements: every normalized statement's calls, time and rows (top-level ones), read
 *   by postgres_exporter into the PostgreSQL dashboard's top statements;
 * - the slow statement log: each statement over `log_min_duration_statement` with its duration
 *   and normalized text (a prepared statement's `$n`; parameter values are never written:
 *   `log_parameter_max_length` 0), and the `application_name` of whoever ran it (`%a`: the
 *   service instance; the request id is in the service's own line for the statement:
 *   shared/src/db/slow-statements.ts);
 * - auto_explain: the plan of a sampled share of the slowest.
 */
export const STATEMENT_SETTINGS: Readonly<Record<string, string>> = {
  shared_preload_libraries: 'pg_stat_statements,auto_explain',
  compute_query_id: 'on',
  'pg_stat_statements.track': 'top',
  'pg_stat_statements.max': '5000',
  log_min_duration_statement: '200ms',
  log_parameter_max_length: '0',
  log_parameter_max_length_on_error: '0',
  log_line_prefix: '%m [%p] %q%a %u@%d ',
  'auto_explain.log_min_duration': '1s',
  'auto_explain.sample_rate': '0.5',
  'auto_explain.log_verbose': 'on',
};

/** The settings as `postgres` takes them on its command line. */
export const statementSettingArgs = (): string[] =>
  Object.entries(STATEMENT_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
