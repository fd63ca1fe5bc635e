import type { ServeOptions, Server } from 'bun';
import type { Step } from '../lifecycle';

export interface HttpServerOptions {
  readonly name?: string;
  readonly host: string;
  readonly port: number;
  readonly fetch: (req: Request, server: Server<undefined>) => Response | Promise<Response>;
  /** Extra Bun.serve options (Socket.IO's engine handler adds `websocket` and `idleTimeout`). */
  readonly extra?: Partial<ServeOptions>;
  readonly maxRequestBodySize?: number;
  readonly dependsOn?: readonly string[];
  readonly onListen?: (server: Server<undefined>) => void;
}

/**
 * A lifecycle step around Bun.serve. Stopping closes the listener first (nginx retries
 * idempotent requests on the other instance), then waits for in-flight requests.
 */
export function httpServerStep(options: HttpServerOptions): Step {
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
      } as ServeOptions) as Server<undefined>;
      options.onListen?.(server);
      return async () => {
        await server.stop(false);
      };
    },
  };
}
