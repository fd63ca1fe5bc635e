import { dbConfig, loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createDatabase, type Executor } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import { createValkey } from '@insightdesk/shared/valkey';
import { reply } from '../helpdesk/src/commands/reply';
import { authorOf, messagesPath } from './raw-write-server';

// The reply's floor with the product's own statements: a bare Bun.serve (as raw-write-server.ts:
// the budget's increment, the author read from the token unverified) whose handler calls the help
// desk's `reply()` command itself — the message found under the ticket, the service-level
// settings' lock and policies, the outbox event, through drizzle on the api's pool — and answers
// its message. Ours ÷ this is what the platform costs above the product's transaction (HTTP,
// token, membership, budgets, validation, logs); this ÷ the write floor is what the product's
// statements cost above a bare insert.
const SLA = { minuteMs: 60_000, feedMaxBytes: 1024 * 1024 };

export function commandFloor(db: Executor, valkey: { incr(key: string): Promise<unknown> } | null) {
  return async (req: Request) => {
    const match = new URL(req.url).pathname.match(messagesPath);
    if (!match || req.method !== 'POST')
      return new Response('{}', { headers: { 'Content-Type': 'application/json' } });
    const [, orgId = '', ticketId = ''] = match;
    const userId = authorOf(req);
    const { body } = (await req.json()) as { body: string };
    if (valkey) await valkey.incr(`bench:budget:${userId}`);
    // The bench's author owns the organization (bench/api-data.ts): the role the api would find.
    const scope = { orgId, userId, role: 'owner' } as OrgScope;
    return Response.json(await reply(db, scope, ticketId, { body }, SLA), { status: 201 });
  };
}

if (import.meta.main) {
  const port = Number(process.argv[2]);
  const config = loadConfig({ db: dbConfig, valkey: valkeyConfig });
  const logger = createLogger({
    service: 'bench',
    instance: 'raw-command',
    level: 'warn',
    format: 'json',
  });
  const valkey = createValkey({ url: config.valkey.url, name: 'bench', kind: 'command', logger });
  const database = createDatabase({ ...config.db, applicationName: 'bench:raw-command', logger });
  Bun.serve({ hostname: '127.0.0.1', port, fetch: commandFloor(database.db, valkey) });
}
