import type { WsProduct } from '@insightdesk/shared/product';
import { helpdeskCatalog } from '../catalog';
import { createPresence } from './presence';

/** The help desk's part in the ws service: who is looking at a ticket, and who is typing. */
export const helpdeskWs: WsProduct<typeof helpdeskCatalog> = {
  catalog: helpdeskCatalog,
  start(deps) {
    const presence = createPresence({
      io: deps.io,
      valkey: deps.valkey,
      db: deps.db,
      memberships: deps.memberships,
      logger: deps.logger,
      ttlSeconds: deps.presenceTtlSeconds,
      watchesPerSocket: deps.config.presence.watchesPerSocket,
    });
    return { handlers: presence.handlers, attach: presence.attach, stop: presence.stop };
  },
};
