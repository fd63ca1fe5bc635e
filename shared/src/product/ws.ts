import type { Executor } from '../db';
import type { Step } from '../lifecycle';
import type { Logger } from '../logger';
import type { AppServer, AppSocket, ClientEventHandlers } from '../realtime/server';
import type { Memberships } from '../tenancy';
import type { Redis } from '../valkey';
import { emptyCatalog, type ProductCatalog, type ProductConfig } from './catalog';

/** What the ws service hands a product's part. */
export interface WsProductDeps<C extends ProductCatalog> {
  readonly io: AppServer;
  /** Commands on the queue store (presence and other state that must not be evicted). */
  readonly valkey: Redis;
  readonly db: Executor;
  readonly memberships: Memberships;
  readonly logger: Logger;
  /** How long what an instance stops refreshing (presence, sockets) lives (PRESENCE_TTL_SECONDS). */
  readonly presenceTtlSeconds: number;
  /** Its configuration: its declared groups, loaded. */
  readonly config: ProductConfig<C>;
}

export interface WsParts<C extends ProductCatalog> {
  /** A handler for each of its client events (they reach it valid and within budget). */
  readonly handlers: ClientEventHandlers<C['clientEvents']>;
  /**
   * Every new socket, once authenticated. The last moment its handshake's headers, URL, query and
   * `auth` are there: the ws service drops them right after (services/ws/src/handshake.ts).
   */
  attach(socket: AppSocket): void;
  /** Shutdown, before the listener closes. */
  stop(): Promise<void>;
}

/**
 * What a module adds to the ws service: the shape of a product's part (`WsParts`), each field
 * optional, and what only the platform's modules need (a handshake middleware, lifecycle steps).
 * The composition root starts each module in turn (the platform's, then the product) and
 * registers what they answer in that order.
 */
export interface WsModuleParts<S = AppSocket> {
  /** Its client events' handlers (every declared client event needs one: checked at start). */
  readonly handlers?: { readonly [event: string]: (socket: never, payload: never) => unknown };
  /** A handshake middleware (`io.use`), before the socket connects. */
  middleware?(socket: S, next: (err?: Error) => void): void;
  /** Every new socket, once authenticated. */
  attach?(socket: S): void;
  /** Shutdown, before the listener closes (every module's at once). */
  stop?(): Promise<void>;
  /** Its own steps of the service's lifecycle (started in dependency order). */
  readonly steps?: readonly Step[];
}

/** A module's part in the ws service, started with what the service hands its modules (`D`). */
export interface WsModule<D, S = AppSocket> {
  readonly name: string;
  start(deps: D): WsModuleParts<S>;
}

/** A product's part in the ws service: its socket handlers. */
export interface WsProduct<C extends ProductCatalog = ProductCatalog> {
  readonly catalog: C;
  start(deps: WsProductDeps<C>): WsParts<C>;
}

/** The ws service with no product: subscriptions to the platform's events alone. */
export const emptyWsProduct: WsProduct<typeof emptyCatalog> = {
  catalog: emptyCatalog,
  start: () => ({ handlers: {}, attach() {}, async stop() {} }),
};
