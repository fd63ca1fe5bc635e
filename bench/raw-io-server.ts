import { dbConfig, loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { createValkey } from '@insightdesk/shared/valkey';
import postgres from 'postgres';

// The I/O floor of a ticket read: a bare Bun.serve doing what GET /tickets/{id} must do at
// minimum (one budget increment in Valkey, one indexed read in PostgreSQL, JSON out), with the
// same drivers, and nothing else (no auth, no framework, no validation, no logs).
const port = Number(process.argv[2]);
const config = loadConfig({ db: dbConfig, valkey: valkeyConfig });
const sql = postgres(config.db.url, { max: 10 });
const logger = createLogger({
  service: 'bench',
  instance: 'raw-io',
  level: 'warn',
  format: 'json',
});
const valkey = createValkey({ url: config.valkey.url, name: 'bench', role: 'command', logger });
const path = /\/orgs\/([^/]+)\/tickets\/([^/?]+)/;

Bun.serve({
  hostname: '127.0.0.1',
  port,
  async fetch(req) {
    const match = new URL(req.url).pathname.match(path);
    if (!match) return new Response('{}', { headers: { 'Content-Type': 'application/json' } });
    await valkey.incr(`bench:budget:${match[1]}`);
    const [row] = await sql`
      select t.id, t.number, t.subject, t.status, t.priority, t.version, t.created_at, t.updated_at,
             t.requester_id, r.name as requester_name, t.assignee_id, a.name as assignee_name
        from tickets t join users r on r.id = t.requester_id left join users a on a.id = t.assignee_id
       where t.org_id = ${match[1] as string} and t.id = ${match[2] as string}`;
    return Response.json(row ?? null);
  },
});
