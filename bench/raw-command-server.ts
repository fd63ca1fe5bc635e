import { loadConfig } from '@insightdesk/shared/config';
import { createDatabase, type Executor, sql } from '@insightdesk/shared/db';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import { type Access, requireAccess } from '../helpdesk/src/access';
import { reply } from '../helpdesk/src/commands/reply';
import { type SlaSettings, slaConfig } from '../helpdesk/src/sla/config';
import { lockSlaSettings } from '../helpdesk/src/sla/policies';
import { createMessage } from '../helpdesk/src/tickets/messages';
import { authorOf, messagesPath, serveFloor } from './raw-write-server';

// The reply's floor with the product's own statements: a bare Bun.serve (as raw-write-server.ts:
// the budget's increment, the author read from the token unverified) whose handler calls the help
// desk's `reply()` command itself — the message found under the ticket, the service-level
// settings' lock and policies, the outbox event, through drizzle on the api's pool — and answers
// its message. Ours ÷ this is what the platform costs above the product's transaction (HTTP,
// token, membership, budgets, validation, logs); this ÷ the write floor is what the product's
// statements cost above a bare insert.
//
// `step` stops the command part-way, for bench/reply-ladder.ts: `message` is the message's own
// statement and its outbox event in a transaction (the ticket found under the organization, the
// author's name joined); `noop` adds a statement that does nothing (`select 1`) before it, what
// one more statement costs whatever it does; `lock` adds the service levels' settings lock there
// instead (as every reply sent it until the twenty-fourth stop); `reply` (the default) is the
// whole command, whose message statement takes that lock and reads the policies itself
// (`settingsUnderLock`), no statement more.
export const commandSteps = ['message', 'noop', 'lock', 'reply'] as const;
export type CommandStep = (typeof commandSteps)[number];

export function commandFloor(
  db: Executor,
  valkey: { incr(key: string): Promise<unknown> } | null,
  sla: SlaSettings,
  step: CommandStep = 'reply',
) {
  const run = (scope: Access, ticketId: string, body: string) => {
    if (step === 'reply') return reply(db, scope, ticketId, { body }, sla);
    return db.transaction(async (tx) => {
      const [, message] = await Promise.all([
        step === 'lock'
          ? lockSlaSettings(tx, scope.orgId, 'shared')
          : step === 'noop'
            ? tx.execute(sql`select 1`)
            : null,
        createMessage(tx, scope, ticketId, { body }, { timed: false }),
      ]);
      return message.message;
    });
  };
  return async (req: Request) => {
    const match = new URL(req.url).pathname.match(messagesPath);
    if (!match || req.method !== 'POST')
      return new Response('{}', { headers: { 'Content-Type': 'application/json' } });
    const [, orgId = '', ticketId = ''] = match;
    const userId = authorOf(req);
    const { body } = (await req.json()) as { body: string };
    if (valkey) await valkey.incr(`bench:budget:${userId}`);
    // The bench's author owns the organization (bench/api-data.ts): the role the api would find.
    const auth = { orgId, userId, role: 'owner' } as OrgScope;
    const scope = requireAccess({ auth, permission: 'message.create' });
    return Response.json(await run(scope, ticketId, body), { status: 201 });
  };
}

if (import.meta.main) {
  const step = (process.argv[3] ?? 'reply') as CommandStep;
  if (!commandSteps.includes(step)) throw new Error(`unknown step ${step}`);
  serveFloor(`raw-command-${step}`, (config, logger, valkey) => {
    const database = createDatabase({ ...config.db, applicationName: 'bench:raw-command', logger });
    // The service levels' settings as the api loads them (help desk's configuration group).
    return commandFloor(database.db, valkey, loadConfig({ sla: slaConfig }).sla, step);
  });
}
