import type { Executor } from '../db';
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
