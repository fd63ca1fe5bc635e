import postgres from 'postgres';

/** The role postgres_exporter connects as: pg_monitor, and read access to three tables. */
export const MONITOR_ROLE = 'insightdesk_monitor';

/** The platform's tables the exporter's queries read (deploy/monitoring/exporters/). */
export const MONITORED_TABLES = ['outbox', 'outbox_parked', 'webhook_endpoints'] as const;

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** A connection to `database` as the cluster's superuser `postgres`. */
function superuserOn(port: number, database: string, password: string) {
  return postgres({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password,
    database,
    max: 1,
    onnotice: () => {},
  });
}

/**
 * What the exporter needs of a PostgreSQL, as its superuser (docs/observability.md says the
 * same for a production database): the monitoring role with `password` (created, or given the
 * kept password again), `pg_monitor`, SELECT on the monitored tables, and the
 * pg_stat_statements extension in the application's database (its module is preloaded by the
 * server's settings: tools/stack/postgres-statements.ts). Idempotent.
 */
export async function prepareMonitoredDatabase(options: {
  port: number;
  database: string;
  /** The superuser's. */
  superuserPassword: string;
  /** The monitoring role's. */
  password: string;
}): Promise<void> {
  const admin = superuserOn(options.port, options.database, options.superuserPassword);
  try {
    const role = ident(MONITOR_ROLE);
    const [exists] = await admin`select 1 from pg_roles where rolname = ${MONITOR_ROLE}`;
    await admin.unsafe(
      `${exists ? 'alter' : 'create'} role ${role} login password ${literal(options.password)}`,
    );
    await admin.unsafe(`grant pg_monitor to ${role}`);
    await admin.unsafe(`grant connect on database ${ident(options.database)} to ${role}`);
    await createStatementStatistics(admin);
    await admin.unsafe(`grant usage on schema public to ${role}`);
    for (const table of MONITORED_TABLES)
      await admin.unsafe(`grant select on ${ident(table)} to ${role}`);
  } finally {
    await admin.end();
  }
}

/** pg_stat_statements' view and functions in the database `sql` is connected to. */
const createStatementStatistics = (sql: postgres.Sql) =>
  sql.unsafe('create extension if not exists pg_stat_statements');

/**
 * pg_stat_statements in the application's database, as its superuser (db-setup runs it at every
 * start): the module is preloaded by the server's settings (postgres-statements.ts); its view is
 * what the exporter and an operator read.
 */
export async function ensureStatementStatistics(options: {
  port: number;
  database: string;
  superuserPassword: string;
}): Promise<void> {
  const admin = superuserOn(options.port, options.database, options.superuserPassword);
  try {
    await createStatementStatistics(admin);
  } finally {
    await admin.end();
  }
}

/** The exporter's DSN (it reads it from DATA_SOURCE_NAME only). */
export function monitorDsn(port: number, database: string, password: string): string {
  const user = encodeURIComponent(MONITOR_ROLE);
  return `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}?sslmode=disable`;
}
