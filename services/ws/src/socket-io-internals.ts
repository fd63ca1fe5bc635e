import { CompactMap } from './compact';
import type { WsSocket } from './types';

// Socket.IO's private internals, reached here and nowhere else: its `Client`'s Maps of the
// sockets on one engine connection (`sockets`, by socket id) and of their namespaces (`nsps`, by
// name), which the client reads and changes through get, set, has, delete, clear, size and
// values (socket-io-internals.test.ts exercises each against the pinned version).

/** The version whose internals this file was written against. */
export const SOCKET_IO = { name: 'socket.io', version: '4.8.4' } as const;

type Collection = Map<string, unknown> | CompactMap<string, unknown>;

/** What this file uses of Socket.IO's Client. */
interface ClientCollections {
  sockets: Collection;
  nsps: Collection;
}

const clientOf = (socket: WsSocket) => socket.client as unknown as ClientCollections;

/**
 * Once a socket is in: its Socket.IO client's Maps of sockets and namespaces, as CompactMaps with
 * the same entries (compact.ts says why).
 */
export function compactClient(socket: WsSocket): void {
  const client = clientOf(socket);
  if (client.sockets instanceof Map) client.sockets = new CompactMap(client.sockets);
  if (client.nsps instanceof Map) client.nsps = new CompactMap(client.nsps);
}

/** How many Socket.IO sockets share `socket`'s engine connection (itself included). */
export function socketsOnConnection(socket: WsSocket): number {
  return clientOf(socket).sockets.size;
}

/** The client's collections as they are now (what its test checks). */
export function clientCollectionsOf(socket: WsSocket): Readonly<ClientCollections> {
  return clientOf(socket);
}
