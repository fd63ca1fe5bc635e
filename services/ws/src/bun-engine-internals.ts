import type { Server as Engine } from '@socket.io/bun-engine';
import type { ServerWebSocket } from 'bun';
import type { WsSocket } from './types';

// `@socket.io/bun-engine`'s private internals, reached here and nowhere else. Socket.IO types a
// socket's `conn` as engine.io's Socket; in this service it is the Bun engine's, of which this
// file reads and writes (bun-engine-internals.test.ts exercises each against the pinned version):
//
// - `Socket.readyState`, `Socket.transport.name` (public);
// - `Socket.transport.socket`: a WebSocket transport's Bun WebSocket (private `WS.socket`);
// - `Socket.writeBuffer`: the packets the engine holds back until its transport can take them
//   (private);
// - `Socket.request`: the handshake's request as the engine keeps it (`url`, `headers`, `_query`),
//   the object Socket.IO answers as `socket.request`;
// - `Server.pingSweep`: the one ping timer our patch gives the server (its test reads it).

/** The version whose internals this file was written against. */
export const BUN_ENGINE = { name: '@socket.io/bun-engine', version: '0.1.2' } as const;

/** What this file uses of the engine's Socket. */
interface EngineSocket {
  readonly readyState: string;
  readonly transport: { readonly name: string; readonly socket?: ServerWebSocket<unknown> };
  readonly writeBuffer: readonly unknown[];
  readonly request: { url: string; headers: object; _query: object };
}

const engineSocketOf = (socket: WsSocket) => socket.conn as unknown as EngineSocket;

/**
 * The Bun WebSocket under `socket`, when every packet goes out on it at once: its transport is
 * the WebSocket (upgraded, or connected so), both open, nothing waiting in the engine's buffer.
 */
export function openWebSocketOf(socket: WsSocket): ServerWebSocket<unknown> | undefined {
  const engine = engineSocketOf(socket);
  const webSocket = engine.transport.socket;
  if (
    engine.readyState !== 'open' ||
    engine.transport.name !== 'websocket' ||
    webSocket?.readyState !== WebSocket.OPEN ||
    engine.writeBuffer.length > 0
  )
    return undefined;
  return webSocket;
}

/** The Bun WebSocket of `socket`'s transport, in whatever state, if it is on one. */
export function webSocketOf(socket: WsSocket): ServerWebSocket<unknown> | undefined {
  return engineSocketOf(socket).transport.socket;
}

/**
 * Replaces what the engine keeps of `socket`'s handshake request (its URL, headers and query)
 * with `nothing` and an empty URL.
 */
export function forgetEngineRequest(socket: WsSocket, nothing: Readonly<object>): void {
  const { request } = engineSocketOf(socket);
  request.headers = nothing;
  request.url = '';
  request._query = nothing;
}

/** The server's ping sweep timer while it runs (patches/@socket.io%2Fbun-engine@0.1.2.patch). */
export function pingSweepOf(engine: Engine): unknown {
  return (engine as unknown as { pingSweep?: unknown }).pingSweep;
}
