import type { Database } from '@insightdesk/shared/db';
import { and, eq, schema, sql } from '@insightdesk/shared/db';
import { BadRequestError, ConflictError, UnprocessableError } from '@insightdesk/shared/errors';
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../env';

const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'];
const TTL_HOURS = 24;

class Rollback extends Error {}

/**
 * `Idempotency-Key` on POST (spec §3). The key's record, the request's own writes and the stored
 * answer commit in one transaction: a concurrent repeat waits on the key's row and then replays
 * the answer (`Idempotent-Replayed: true`); the same key with a different request is a 422; an
 * error answer (4xx, 5xx) stores nothing, so the client may correct and retry. Keys are per user
 * (anonymous routes share one scope, where the request hash alone must match).
 */
export function idempotency(database: Database): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    if (!KEY.test(key)) {
      throw new BadRequestError(
        'invalid_idempotency_key',
        'Idempotency-Key must be 1-255 visible ASCII characters.',
      );
    }
    const scope = c.get('userId') ?? 'anonymous';
    const body = new Uint8Array(await c.req.arrayBuffer());
    const requestHash = new Bun.CryptoHasher('sha256')
      .update(`${c.req.method} ${c.req.path}\n${c.req.header('content-type') ?? ''}\n`)
      .update(body)
      .digest('hex');
    const where = and(eq(schema.idempotencyKeys.scope, scope), eq(schema.idempotencyKeys.key, key));

    let replay: Response | undefined;
    try {
      await database.db.transaction(async (tx) => {
        const claimed = await tx
          .insert(schema.idempotencyKeys)
          .values({
            scope,
            key,
            requestHash,
            expiresAt: sql`now() + ${`${TTL_HOURS} hours`}::interval`,
          })
          .onConflictDoNothing()
          .returning({ key: schema.idempotencyKeys.key });
        if (claimed.length === 0) {
          // Committed by an earlier request (we waited on its row if it was still running).
          const [first] = await tx.select().from(schema.idempotencyKeys).where(where);
          if (!first || first.status === null) {
            throw new ConflictError(
              'idempotency_in_progress',
              'A request with this key is in progress; retry.',
            );
          }
          if (first.requestHash !== requestHash) {
            throw new UnprocessableError(
              'idempotency_key_reused',
              'This Idempotency-Key was used with a different request.',
            );
          }
          replay = new Response(first.responseBody, {
            status: first.status,
            headers: { ...first.responseHeaders, 'Idempotent-Replayed': 'true' },
          });
          return;
        }
        c.set('tx', tx);
        await next();
        // Only answers that changed something are kept: a refused request (4xx) or a failure (5xx)
        // leaves no trace, and a corrected retry with the same key runs.
        if (c.res.status >= 400) throw new Rollback();
        const headers: Record<string, string> = {};
        for (const name of REPLAYED_HEADERS) {
          const value = c.res.headers.get(name);
          if (value !== null) headers[name] = value;
        }
        await tx
          .update(schema.idempotencyKeys)
          .set({
            status: c.res.status,
            responseBody: await c.res.clone().text(),
            responseHeaders: headers,
          })
          .where(where);
      });
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    } finally {
      c.set('tx', undefined);
    }
    if (replay) c.res = replay;
  };
}

/** Maintenance: records past their 24 hours. */
export const IDEMPOTENCY_TTL_HOURS = TTL_HOURS;
