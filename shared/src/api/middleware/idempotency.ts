import type { Context, MiddlewareHandler } from 'hono';
import type { Database } from '../../db';
import { BadRequestError, ConflictError, UnprocessableError } from '../../errors';
import { claimIdempotencyKey, storeAnswer, storedAnswer } from '../../idempotency';
import type { ApiEnv } from '../env';

const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'];

class Rollback extends Error {
  constructor(readonly response: Response) {
    super('rollback');
  }
}

/** The request's Idempotency-Key, validated; undefined when none was sent. */
function keyOf(c: Context<ApiEnv>): string | undefined {
  const key = c.req.header('idempotency-key');
  if (key !== undefined && !KEY.test(key)) {
    throw new BadRequestError(
      'invalid_idempotency_key',
      'Idempotency-Key must be 1-255 visible ASCII characters.',
    );
  }
  return key;
}

/** What identifies a request besides its key: method, path, content type and the body. */
export function requestHash(
  c: Context<ApiEnv>,
  body: Uint8Array | string,
  contentType = c.req.header('content-type') ?? '',
): string {
  return new Bun.CryptoHasher('sha256')
    .update(`${c.req.method} ${c.req.path}\n${contentType}\n`)
    .update(body)
    .digest('hex');
}

/**
 * Runs `handle` under the request's Idempotency-Key, or plainly when there is none.
 * The key's record, the handler's own writes (through `executor`, which joins the transaction)
 * and the stored answer commit in one transaction: a concurrent repeat waits on the key's row and
 * then replays the answer (`Idempotent-Replayed: true`); the same key with a different request is
 * a 422; an error answer (4xx, 5xx) stores nothing, so the client may correct and retry. Keys are
 * per user.
 */
export async function idempotent(
  c: Context<ApiEnv>,
  database: Database,
  hash: () => Promise<string> | string,
  handle: () => Promise<Response>,
): Promise<Response> {
  const key = keyOf(c);
  if (key === undefined) return handle();
  const scope = c.get('userId');
  const hashed = await hash();
  try {
    return await database.db.transaction(async (tx) => {
      if (!(await claimIdempotencyKey(tx, scope, key, hashed))) {
        // Committed by an earlier request (we waited on its row if it was still running).
        const first = await storedAnswer(tx, scope, key);
        if (!first || first.status === null) {
          throw new ConflictError(
            'idempotency_in_progress',
            'A request with this key is in progress; retry.',
          );
        }
        if (first.requestHash !== hashed) {
          throw new UnprocessableError(
            'idempotency_key_reused',
            'This Idempotency-Key was used with a different request.',
          );
        }
        return new Response(first.body, {
          status: first.status,
          headers: { ...first.headers, 'Idempotent-Replayed': 'true' },
        });
      }
      c.set('tx', tx);
      const response = await handle();
      // Only answers that changed something are kept: a refused request (4xx) or a failure (5xx)
      // leaves no trace, and a corrected retry with the same key runs.
      if (response.status >= 400) throw new Rollback(response);
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      await storeAnswer(tx, scope, key, {
        status: response.status,
        body: await response.clone().text(),
        headers,
      });
      return response;
    });
  } catch (err) {
    if (err instanceof Rollback) return err.response;
    throw err;
  } finally {
    c.set('tx', undefined);
  }
}

/**
 * `Idempotency-Key` for the JSON POST routes behind `authenticate`. The upload, whose body is
 * streamed, is not among them: its route calls `idempotent` once the file is read. Credential routes
 * (register, login, refresh, invitation acceptance) do not take part: their requests hold
 * passwords or tokens and their answers hold tokens, none of which may be stored.
 */
export function idempotency(database: Database): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (c.req.header('idempotency-key') === undefined) return next();
    const response = await idempotent(
      c,
      database,
      async () => requestHash(c, new Uint8Array(await c.req.arrayBuffer())),
      async () => {
        await next();
        return c.res;
      },
    );
    if (response !== c.res) c.res = response;
  };
}
