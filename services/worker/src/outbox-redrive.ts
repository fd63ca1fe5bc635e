import type { Database } from '@insightdesk/shared/db';
import { type EffectRegistry, relayedOutboxPage } from '@insightdesk/shared/events';
import type { Logger } from '@insightdesk/shared/logger';
import type { RecoveryStep } from '@insightdesk/shared/valkey';

const PAGE = 500;
const AT_ONCE = 20;

/**
 * After Valkey lost its data: every relayed row the outbox still holds goes again through the
 * effects that declared `redrive` (those that add jobs), newest first, page by page, each page in a
 * transaction of its own (an effect may read with it, e.g. an export's plan). The jobs' ids and
 * their handlers' idempotence drop what was done already; what was queued and lost runs.
 * Throws when the database or Valkey is away: the epoch stays pending and it runs again.
 */
export async function redriveOutbox(options: {
  database: Database;
  effects: EffectRegistry;
  logger: Logger;
  /** The epoch recovery's step (a name and a time limit for each page and row); none: run as is. */
  step?: RecoveryStep;
}): Promise<number> {
  const { database, effects } = options;
  const step: RecoveryStep = options.step ?? ((_name, run) => run());
  let before: number | null = null;
  let total = 0;
  for (;;) {
    // A page has no time limit of its own (a long one on a loaded machine is slow, not stuck);
    // each row's handlers do, and a page still running is logged by name.
    const n = await step(
      `outbox page before ${before ?? 'the newest'}`,
      () =>
        database.db.transaction(async (tx) => {
          const rows = await relayedOutboxPage(tx, effects.redriveTypes, before, PAGE);
          // Rows' jobs are independent of each other (their ids derive from what they are
          // about): several at a time, each row's handlers in order.
          for (let i = 0; i < rows.length; i += AT_ONCE) {
            await Promise.all(
              rows.slice(i, i + AT_ONCE).map((row) =>
                step(`outbox row ${row.id} (${row.type})`, async () => {
                  for (const handle of effects.redriveHandlersFor(row.type))
                    await handle(row.payload, row, tx);
                }),
              ),
            );
          }
          before = rows.at(-1)?.id ?? before;
          return rows.length;
        }),
      Number.POSITIVE_INFINITY,
    );
    total += n;
    if (n < PAGE) break;
  }
  options.logger.info({ rows: total }, 'outbox re-driven after valkey lost its data');
  return total;
}
