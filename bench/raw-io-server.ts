import { dbConfig, loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { createValkey } from '@insightdesk/shared/valkey';
import { RedisClient, SQL } from 'bun';
import postgres from 'postgres';
import { KEEP_ALIVE_SECONDS } from '../shared/src/service/http-server';

// The I/O floor of a ticket read: a bare Bun.serve doing what GET /tickets/{id} must do at
// minimum (one budget increment in Valkey, one indexed read in PostgreSQL, JSON out), and
// nothing else (no auth, no framework, no validation, no logs):
//
//   bun bench/raw-io-server.ts PORT        # our drivers (postgres.js, iovalkey)
//   bun bench/raw-io-server.ts PORT bun    # Bun's own (Bun.sql, Bun.redis): what a switch gains
//   bun bench/raw-io-server.ts PORT postgres no-valkey   # the read alone (as ours makes it now)
/** Both drivers' tagged templates take the same call; the query text is the same either way. */
export type Tag = (strings: TemplateStringsArray, ...values: unknown[]) => Promise<unknown[]>;
const path = /\/orgs\/([^/]+)\/tickets\/([^/?]+)/;

/** The floor's handler: the budget's increment (unless `valkey` is null), the read, JSON out. */
export function ioFloor(sql: Tag, valkey: { incr(key: string): Promise<unknown> } | null) {
  return async (req: Request) => {
    const match = new URL(req.url).pathname.match(path);
    if (!match) return new Response('{}', { headers: { 'Content-Type': 'application/json' } });
    if (valkey) await valkey.incr(`bench:budget:${match[1]}`);
    const [row] = await sql`
      select t.id, t.number, t.subject, t.status, t.priority, t.version, t.created_at, t.updated_at,
             t.requester_id, r.name as requester_name, t.assignee_id, a.name as assignee_name
        from tickets t join users r on r.id = t.requester_id left join users a on a.id = t.assignee_id
       where t.org_id = ${match[1] as string} and t.id = ${match[2] as string}`;
    return Response.json(row ?? null);
  };
}

if (import.meta.main) {
  const port = Number(process.argv[2]);
  const bunDrivers = process.argv[3] === 'bun';
  const withValkey = process.argv[4] !== 'no-valkey';
  const config = loadConfig({ db: dbConfig, valkey: valkeyConfig });
  // As many connections as the api's read runs on: its pipeline's (DB_PIPELINE_MAX), the
  // pool's when there is none.
  const max = config.db.pipelineMax || config.db.poolMax;
  const sql = (bunDrivers
    ? new SQL(config.db.url, { max })
    : postgres(config.db.url, { max })) as unknown as Tag;
  const valkey: { incr(key: string): Promise<unknown> } = bunDrivers
    ? new RedisClient(config.valkey.url)
    : createValkey({
        url: config.valkey.url,
        name: 'bench',
        kind: 'command',
        logger: createLogger({
          service: 'bench',
          instance: 'raw-io',
          level: 'warn',
          format: 'json',
        }),
      });
  Bun.serve({
    hostname: '127.0.0.1',
    port,
    idleTimeout: KEEP_ALIVE_SECONDS, // as the services (bench/raw-server.ts says why)
    fetch: ioFloor(sql, withValkey ? valkey : null),
  });
}
