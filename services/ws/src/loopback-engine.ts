import { Server as Engine, type ServerOptions } from '@socket.io/bun-engine';
import { Server, type ServerOptions as SocketIoOptions } from 'socket.io';
import {
  io as connect,
  type ManagerOptions,
  type Socket,
  type SocketOptions,
} from 'socket.io-client';
import type { WsServer, WsSocket } from './types';

// For the ws service's fast-tier tests that need the engine itself (engine-retention.test.ts,
// handshake.test.ts, ping-sweep.test.ts, native-rooms.test.ts): a bare Socket.IO server on our
// engine on a loopback port, clients of both kinds, and what is still alive after a collection.
// Not part of the service.

/**
 * Socket.IO on `@socket.io/bun-engine` on a free loopback port; `onRequest` sees each request,
 * `options` are the engine's (its ping delays, for one), `ioOptions` Socket.IO's (its adapter).
 */
export function startLoopbackEngine(
  onRequest?: (req: Request) => void,
  options: Partial<ServerOptions> = {},
  ioOptions: Partial<SocketIoOptions> = {},
) {
  const io: WsServer = new Server(ioOptions);
  const engine = new Engine({ ...options, path: '/socket.io/' });
  io.bind(engine);
  const handler = engine.handler();
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    ...handler,
    fetch(req, bunServer) {
      onRequest?.(req);
      return handler.fetch(req, bunServer);
    },
  });
  const clients: Socket[] = [];
  return {
    io,
    engine,
    server,
    /** The engine's own URL for a raw WebSocket (no Socket.IO client answering its pings). */
    webSocketUrl: `ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket`,
    clients,
    /** The server's side of `client`, connected to `namespace`. */
    serverSocket(client: Socket, namespace = '/'): WsSocket {
      const socket = io.of(namespace).sockets.get(client.id ?? '');
      if (!socket) throw new Error(`no socket ${client.id} in ${namespace}`);
      return socket as WsSocket;
    },
    /**
     * `count` clients, connected: half WebSocket only, half the client's default (polling, then
     * the upgrade).
     */
    async connect(
      count: number,
      options: (i: number) => Partial<ManagerOptions & SocketOptions> = () => ({}),
    ) {
      const added = Array.from({ length: count }, (_, i) =>
        connect(`http://127.0.0.1:${server.port}`, {
          forceNew: true,
          reconnection: false,
          ...(i % 2 === 0 ? { transports: ['websocket'] } : {}),
          ...options(i),
        }),
      );
      clients.push(...added);
      await Promise.all(
        added.map(
          (client) =>
            new Promise<void>((resolve, reject) => {
              client.once('connect', () => resolve());
              client.once('connect_error', reject);
            }),
        ),
      );
      return added;
    },
    async stop() {
      for (const client of clients) client.disconnect();
      await io.close();
      await server.stop(true);
    },
  };
}

/**
 * How many of `refs` are still alive after a full collection, waiting up to `waitMs` for any
 * to go: something still being answered may hold one for a moment, something that keeps it does
 * not let go.
 */
export async function aliveAfterCollection(refs: readonly WeakRef<object>[], waitMs = 3_000) {
  const alive = () => {
    Bun.gc(true);
    return refs.filter((ref) => ref.deref() !== undefined).length;
  };
  let count = alive();
  for (let waited = 0; count > 0 && waited < waitMs; waited += 100) {
    await Bun.sleep(100);
    count = alive();
  }
  return count;
}
