import { z } from 'zod';
import { defineConfigGroup } from '../define';

/**
 * How a Socket.IO long-polling session reaches the one ws instance that holds it, whatever the
 * client sends (see README, Real-time). Unset: decided by the platform the process runs on.
 */
export const wsRoutingConfig = defineConfigGroup({
  env: {
    WS_SESSION_AFFINITY: z
      .enum(['proxy', 'fly-replay', 'websocket-only'])
      .optional()
      .describe(
        'proxy: the proxy in front keeps a session on its instance (nginx, ingress-nginx; or one instance); fly-replay: a misrouted request is replayed to its Machine; websocket-only: polling is refused. Unset: fly-replay on Fly.io, websocket-only on Railway, else proxy',
      ),
    FLY_MACHINE_ID: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional()
      .describe("set by Fly.io on each Machine: where fly-replay sends a session's requests"),
    RAILWAY_SERVICE_ID: z
      .string()
      .min(1)
      .optional()
      .describe('set by Railway on each service: it has neither sticky sessions nor replay'),
  },
  check: (e) =>
    e.WS_SESSION_AFFINITY === 'fly-replay' && !e.FLY_MACHINE_ID
      ? ['WS_SESSION_AFFINITY=fly-replay needs FLY_MACHINE_ID (Fly.io sets it on each Machine)']
      : [],
  map: (e) => ({
    affinity:
      e.WS_SESSION_AFFINITY ??
      (e.FLY_MACHINE_ID ? 'fly-replay' : e.RAILWAY_SERVICE_ID ? 'websocket-only' : 'proxy'),
    machineId: e.FLY_MACHINE_ID,
  }),
});
