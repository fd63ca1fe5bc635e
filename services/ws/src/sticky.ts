import type { Logger } from '@insightdesk/shared/logger';
import type { Redis } from '@insightdesk/shared/valkey';
import type { Server as Engine, WebSocketData } from '@socket.io/bun-engine';
import type { Server as BunServer } from 'bun';

/**
 * A long-polling session lives in one instance's memory, so every request of it must reach that
 * instance. How that happens depends on what stands in front (README, Real-time):
 *
 * - `proxy`: nginx or ingress-nginx route on this cookie when the client sends it, else on a
 *   consistent hash of the client address (clients that send no cookies); one instance needs
 *   nothing either.
 * - `fly-replay`: Fly's proxy balances every request on its own. Each session's Machine is kept
 *   in Valkey; a request that lands elsewhere is answered with `fly-replay: instance=<owner>`,
 *   and Fly's proxy delivers it again to the owner.
 * - `websocket-only`: no stickiness and no replay (Railway): polling is refused, so no session
 *   can be split across instances; clients connect with `transports: ['websocket']`.
 */
export type SessionAffinity = 'proxy' | 'fly-replay' | 'websocket-only';

const STICKY_COOKIE = 'insightdesk_ws';

export function stickyCookie(instance: string): string {
  return `${STICKY_COOKIE}=${instance}; Path=/socket.io/; HttpOnly; Secure; SameSite=Lax`;
}

const SESSION_KEY = 'insightdesk:ws:session:';
/** Engine session ids are 20 base64url characters; anything else is left to the engine. */
const SID = /^[A-Za-z0-9_-]{1,64}$/;

type Handle = (req: Request, server: BunServer<WebSocketData>) => Promise<Response>;

export interface StickyRouting {
  /** In front of `engine.handleRequest`. */
  route(req: Request, server: BunServer<WebSocketData>, next: Handle): Promise<Response>;
  stop(): void;
}

export function stickyRouting(options: {
  affinity: SessionAffinity;
  machineId?: string | undefined;
  engine: Engine;
  valkey: Redis;
  logger: Logger;
  /** How long a session's owner is kept without a refresh (an instance that died stops refreshing). */
  ttlSeconds?: number;
}): StickyRouting {
  const { affinity, engine, valkey, logger } = options;

  if (affinity === 'websocket-only') {
    return {
      route(req, server, next) {
        const transport = new URL(req.url).searchParams.get('transport');
        if (transport === 'websocket') return next(req, server);
        // The engine's own answer to a transport it does not offer, with the reason beside it.
        return Promise.resolve(
          Response.json(
            {
              code: 0,
              message: 'Transport unknown',
              detail:
                "this deployment accepts WebSocket only: connect with transports: ['websocket']",
            },
            { status: 400 },
          ),
        );
      },
      stop() {},
    };
  }
  if (affinity === 'proxy') {
    return { route: (req, server, next) => next(req, server), stop() {} };
  }

  const machineId = options.machineId;
  if (!machineId) throw new Error('fly-replay needs the Machine id (FLY_MACHINE_ID)');
  const ttlSeconds = options.ttlSeconds ?? 120;
  const local = new Set<string>();
  // The handshake's answer waits for its registration: the client's next request may land on
  // another Machine at once, which must find the owner.
  const registrations = new WeakMap<Request, Promise<unknown>>();
  // One warning per outage, not one per request.
  let failing = false;
  const warn = (err: unknown) => {
    if (!failing) logger.warn({ err }, 'session registry unavailable (Valkey)');
    failing = true;
  };
  const recovered = <T>(value: T) => {
    failing = false;
    return value;
  };

  engine.on('connection', (socket, req) => {
    const id = socket.id;
    local.add(id);
    registrations.set(
      req,
      valkey.set(SESSION_KEY + id, machineId, 'EX', ttlSeconds).then(recovered, warn),
    );
    socket.once('close', () => {
      local.delete(id);
      valkey.del(SESSION_KEY + id).catch(warn);
    });
  });
  const refresh = setInterval(
    () => {
      if (local.size === 0) return;
      // One command per session, not a pipeline: each key has a slot of its own (see leases.ts).
      Promise.all(
        [...local].map((id) => valkey.set(SESSION_KEY + id, machineId, 'EX', ttlSeconds)),
      ).catch(warn);
    },
    (ttlSeconds * 1000) / 3,
  );
  refresh.unref();

  return {
    async route(req, server, next) {
      const sid = new URL(req.url).searchParams.get('sid');
      if (sid === null) {
        const response = await next(req, server);
        await registrations.get(req);
        return response;
      }
      // A replayed request is never replayed again: if its session is not here either, the
      // engine answers "Session ID unknown" and the client reconnects.
      if (SID.test(sid) && !local.has(sid) && !req.headers.has('fly-replay-src')) {
        const owner = await valkey.get(SESSION_KEY + sid).then(recovered, (err) => {
          warn(err);
          return null;
        });
        if (owner && owner !== machineId && SID.test(owner)) {
          return new Response(null, {
            status: 421,
            headers: { 'fly-replay': `instance=${owner}` },
          });
        }
      }
      return next(req, server);
    },
    stop: () => clearInterval(refresh),
  };
}
