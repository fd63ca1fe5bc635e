import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { SessionReach } from '../shapes/session-reach';
import type { ClientEventCatalog, ClientEventDeclaration, ClientEventError } from './socket-events';

/*
 * The server side of the Socket.IO protocol, for socket handlers — the ws service's and a
 * product's: the server and socket types they are written against, and what a client event's
 * handler is. (Types and one function: the ws service owns the server itself.)
 */

/** Who a socket is (set by the ws service's handshake, before any handler runs). */
export interface SocketIdentity {
  userId: string;
  name: string;
  /** What the socket's session reaches (its token's: renewed with `auth`). */
  reach: SessionReach;
}

// biome-ignore lint/suspicious/noExplicitAny: the event maps of a deployment are its product's
type AnyEvents = { [event: string]: (...args: any[]) => void };
/** Nothing is said between instances beyond room emits (events arrive on the relay channel). */
type InterServerEvents = Record<never, never>;

export type AppServer<D extends SocketIdentity = SocketIdentity> = Server<
  AnyEvents,
  AnyEvents,
  InterServerEvents,
  D
>;
export type AppSocket<D extends SocketIdentity = SocketIdentity> = Socket<
  AnyEvents,
  AnyEvents,
  InterServerEvents,
  D
>;

/**
 * What an event does once its packet is valid and within budget: its answer, if it has one.
 * Typed by the event's own declaration, whichever catalogue it is part of.
 */
export type ClientEventHandler<D extends ClientEventDeclaration, S = AppSocket> = (
  socket: S,
  payload: z.output<D['payload']>,
) => D['answer'] extends z.ZodType ? Promise<z.output<D['answer']>> : void;

/** One handler per declared client event of `C` (the compiler asks for each). */
export type ClientEventHandlers<C extends ClientEventCatalog, S = AppSocket> = {
  readonly [E in keyof C]: ClientEventHandler<C[E], S>;
};

export const refusal = <E extends ClientEventError>(error: E) => ({ ok: false, error }) as const;
