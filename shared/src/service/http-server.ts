import type { ServeOptions, Server, WebSocketHandler } from 'bun';
import type { Step } from '../lifecycle';

/** `WS`: the data of the server's WebSockets (Socket.IO's engine has its own). */
export interface HttpServerOptions<WS = undefined> {
  readonly name?: string;
  readonly host: string;
  readonly port: number;
  readonly fetch: (req: Request, server: Server<WS>) => Response | Promise<Response>;
  /** Extra Bun.serve options: Socket.IO's `engine.handler()` brings its WebSocket handler. */
  readonly extra?: {
    readonly websocket?: WebSocketHandler<WS>;
    readonly idleTimeout?: number;
    readonly maxRequestBodySize?: number;
  };
  readonly maxRequestBodySize?: number;
  readonly dependsOn?: readonly string[];
  readonly onListen?: (server: Server<WS>) => void;
}

/**
 * How long an idle keep-alive connection stays open. It must outlast every proxy's upstream
 * keep-alive (our nginx 30 s, ingress-nginx 60 s, most load balancers 60 s): when the server
 * closes first (Bun's default is 10 s), the proxy may send a request on a connection that is
 * being closed and answer 502 for a POST, which it does not retry.
 */
export const KEEP_ALIVE_SECONDS = 75;

/**
 * A lifecycle step around Bun.serve. Stopping closes the listener first (nginx retries
 * idempotent requests on the other instance), then waits for in-flight requests.
 */
export function httpServerStep<WS = undefined>(options: HttpServerOptions<WS>): Step {
  return {
    name: options.name ?? 'http',
    dependsOn: options.dependsOn ?? [],
    start() {
      const server = Bun.serve({
        idleTimeout: KEEP_ALIVE_SECONDS,
        ...options.extra,
        hostname: options.host,
        port: options.port,
        // Ours routes everything (Socket.IO's engine handler is mounted inside the Hono app).
        fetch: options.fetch,
        ...(options.maxRequestBodySize === undefined
          ? {}
          : { maxRequestBodySize: options.maxRequestBodySize }),
      } as ServeOptions<WS>) as Server<WS>;
      options.onListen?.(server);
      return async () => {
        await server.stop(false);
      };
    },
  };
}
