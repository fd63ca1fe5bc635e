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
 * A lifecycle step around Bun.serve. Stopping closes the listener first (nginx retries
 * idempotent requests on the other instance), then waits for in-flight requests.
 */
export function httpServerStep<WS = undefined>(options: HttpServerOptions<WS>): Step {
  return {
    name: options.name ?? 'http',
    dependsOn: options.dependsOn ?? [],
    start() {
      const server = Bun.serve({
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
