import { dbConfig, loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { OUTBOX_CHANNEL } from '@insightdesk/shared/events';
import { createLogger, type Logger } from '@insightdesk/shared/logger';
import { createValkey, type Redis as Valkey } from '@insightdesk/shared/valkey';
import postgres from 'postgres';
import { createNotifier } from '../shared/src/db/wake';
import { KEEP_ALIVE_SECONDS } from '../shared/src/service/http-server';

// The floor of POST /orgs/{org}/tickets/{id}/messages: a bare Bun.serve doing only what the
// write cannot avoid — one budget increment in Valkey, then one transaction that inserts the
// message and its outbox event (the triggers on those tables fire as they do for the api), then
// the relay's wake-up once it has committed (the api's own notifier, shared/src/db/wake.ts), JSON
// out — with the same drivers, and nothing else (no auth, framework, validation, ticket read,
// logs). The author is read from the token's payload without verifying it.
export const messagesPath = /\/orgs\/([^/]+)\/tickets\/([^/]+)\/messages$/;

export const authorOf = (req: Request): string => {
  const payload = req.headers.get('authorization')?.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: string }).sub;
};

/** The floor's handler: the budget's increment (unless `valkey` is null), the transaction. */
export function writeFloor(
  sql: postgres.Sql,
  valkey: { incr(key: string): Promise<unknown> } | null,
) {
  const wake = createNotifier(
    sql,
    createLogger({ service: 'bench', instance: 'write-floor', level: 'warn', format: 'json' }),
  );
  return async (req: Request) => {
    const match = new URL(req.url).pathname.match(messagesPath);
    if (!match || req.method !== 'POST')
      return new Response('{}', { headers: { 'Content-Type': 'application/json' } });
    const [, orgId = '', ticketId = ''] = match;
    const author = authorOf(req);
    const { body } = (await req.json()) as { body: string };
    if (valkey) await valkey.incr(`bench:budget:${author}`);
    const message = await sql.begin(async (tx) => {
      const [m] = await tx`
        insert into messages (id, org_id, ticket_id, author_id, body, internal)
        values (${Bun.randomUUIDv7()}, ${orgId}, ${ticketId}, ${author}, ${body}, false)
        returning id, created_at`;
      if (!m) throw new Error('insert returned nothing');
      const created = {
        id: String(m.id),
        ticketId,
        author: { id: author, name: 'bench' },
        body,
        internal: false,
        createdAt: (m.created_at as Date).toISOString(),
      };
      // The author is the requester here (as in bench/api.ts): no reply email follows.
      const payload = { message: created, ticketNumber: 1, requesterId: author };
      await tx`insert into outbox (org_id, type, payload) values (${orgId}, 'message.created', ${tx.json(payload)})`;
      return created;
    });
    wake(OUTBOX_CHANNEL);
    return Response.json(message, { status: 201 });
  };
}

type FloorConfig = ReturnType<typeof loadFloorConfig>;
const loadFloorConfig = () => loadConfig({ db: dbConfig, valkey: valkeyConfig });

/**
 * A reply floor as its own server (`bun bench/raw-….ts PORT`): the stack's configuration, a
 * logger, a Valkey connection for the budget's increment, and the handler `build` makes from
 * them, on loopback.
 */
export function serveFloor(
  instance: string,
  build: (
    config: FloorConfig,
    logger: Logger,
    valkey: Valkey,
  ) => (req: Request) => Promise<Response>,
): void {
  const config = loadFloorConfig();
  const logger = createLogger({ service: 'bench', instance, level: 'warn', format: 'json' });
  const valkey = createValkey({ url: config.valkey.url, name: 'bench', kind: 'command', logger });
  const port = Number(process.argv[2]);
  Bun.serve({
    hostname: '127.0.0.1',
    port,
    idleTimeout: KEEP_ALIVE_SECONDS, // as the services (bench/raw-server.ts says why)
    fetch: build(config, logger, valkey),
  });
}

if (import.meta.main)
  serveFloor('raw-write', (config, _logger, valkey) =>
    // Its BEGIN pipelined, as the services' pools have it (shared/src/db/client.ts).
    writeFloor(postgres(config.db.url, { max: 10, pipeline_begin: true }), valkey),
  );
