import type { Server as BunServer } from 'bun';
import { openWebSocketOf, webSocketOf } from './bun-engine-internals';
import type { WsSocket } from './types';

// A broadcast written by Bun itself: `server.publish(topic, frame)` hands one frame to
// every WebSocket subscribed to the topic in native code, where Socket.IO's broadcast goes through
// each socket's client, engine socket, packet buffer and transport in JavaScript (most of a
// fan-out's JavaScript, bench/realtime.ts).
//
// Order: uWebSockets writes what a topic holds for a socket before anything sent to that socket
// alone, so a socket's own emits and the room's broadcasts reach it in the order they were made.
// A socket still on long-polling (a default client before its upgrade) has no WebSocket to
// subscribe: a broadcast to one takes Socket.IO's path, as does one that must skip someone.
// What Socket.IO's path adds per socket and this one does not: connection-state recovery's
// offsets (the service runs without it, main.ts says why) and `onAnyOutgoing` (unused).
// The engine's WebSocket under a socket comes from bun-engine-internals.ts.

/** Names Socket.IO refuses to emit (its own events on the client). */
const RESERVED = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);

/** The engine.io protocol's message packet (v4): a Socket.IO packet's text after a '4'. */
const ENGINE_MESSAGE = '4';

export type NativeRooms = ReturnType<typeof createNativeRooms>;

/**
 * Bun topics the sockets' WebSockets join, and a broadcast to one written by Bun. `enabled` false
 * (WS_NATIVE_PUBLISH) leaves every broadcast to Socket.IO.
 */
export function createNativeRooms(options: { enabled: boolean }) {
  let server: BunServer<unknown> | undefined;

  return {
    /** The server the sockets' WebSockets belong to (known once it listens). */
    serve(listening: BunServer<unknown>) {
      server = listening;
    },

    /**
     * Subscribes `socket`'s WebSocket to `topic`: true when it is, false while the socket has
     * none to subscribe (long-polling) — asked again on the topic's next broadcast.
     */
    join(socket: WsSocket, topic: string): boolean {
      if (!options.enabled) return false;
      const webSocket = openWebSocketOf(socket);
      if (!webSocket) return false;
      webSocket.subscribe(topic);
      return webSocket.isSubscribed(topic);
    },

    /** Takes `socket`'s WebSocket out of `topic` (a closed one has left every topic already). */
    leave(socket: WsSocket, topic: string) {
      webSocketOf(socket)?.unsubscribe(topic);
    },

    /**
     * `event` with `payload` to every WebSocket in `topic`, when they are exactly the caller's
     * `recipients`: the caller joined each recipient (so each is in it), and left it for every
     * socket that must not get this (so the topic holds no other) — then equal counts mean the
     * same sockets. False: nothing was sent, the caller broadcasts through Socket.IO.
     */
    publish(
      namespace: WsSocket['nsp'],
      topic: string,
      recipients: number,
      event: string,
      payload: unknown,
    ): boolean {
      if (!options.enabled || !server || RESERVED.has(event)) return false;
      if (server.subscriberCount(topic) !== recipients) return false;
      const encoded = namespace.server.encoder.encode({
        type: 2, // Socket.IO's EVENT
        nsp: namespace.name,
        data: [event, payload],
      });
      // A payload with binary parts is several frames: Socket.IO's path sends them.
      const [text] = encoded;
      if (encoded.length !== 1 || typeof text !== 'string') return false;
      server.publish(topic, ENGINE_MESSAGE + text);
      return true;
    },
  };
}
