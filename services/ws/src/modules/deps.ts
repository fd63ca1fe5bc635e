import type { Cache } from '@insightdesk/shared/cache';
import {
  authConfig,
  dbConfig,
  httpConfig,
  realtimeConfig,
  valkeyConfig,
  wsRoutingConfig,
} from '@insightdesk/shared/config';
import type { Executor } from '@insightdesk/shared/db';
import type { Logger } from '@insightdesk/shared/logger';
import type { WsModule } from '@insightdesk/shared/product';
import type { WireDecoder } from '@insightdesk/shared/realtime';
import type { ServiceKit } from '@insightdesk/shared/service';
import type { Memberships } from '@insightdesk/shared/tenancy';
import type { Tracing } from '@insightdesk/shared/tracing';
import type { Redis } from '@insightdesk/shared/valkey';
import type { Registry } from 'prom-client';
import type { NativeRooms } from '../native-rooms';
import type { WsServer, WsSocket } from '../types';

/** The ws service's config groups (with the deployment's flags: `features`, main.ts). */
export const wsGroups = {
  http: httpConfig,
  valkey: valkeyConfig,
  db: dbConfig,
  auth: authConfig,
  realtime: realtimeConfig,
  routing: wsRoutingConfig,
};

/** What the ws service hands each of the platform's modules (main.ts builds it once). */
export interface WsModuleDeps {
  readonly config: ServiceKit<typeof wsGroups>['config'];
  readonly io: WsServer;
  readonly db: Executor;
  readonly cache: Cache;
  readonly memberships: Memberships;
  /** Commands to the queue store. */
  readonly valkey: Redis;
  /** Subscribers: the relay channel (its own connection), ended sessions (the queue store's). */
  readonly subscribers: { readonly relay: Redis; readonly sessions: Redis };
  /** What the relay brings: the deployment's events delivered to clients. */
  readonly decoder: WireDecoder;
  readonly rooms: NativeRooms;
  readonly registry: Registry;
  readonly tracing: Tracing;
  readonly logger: Logger;
}

/** One of the platform's modules, in the ws service. */
export type PlatformWsModule = WsModule<WsModuleDeps, WsSocket>;
