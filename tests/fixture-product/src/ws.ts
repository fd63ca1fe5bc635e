import type { WsProduct } from '@insightdesk/shared/product';
import { fixtureCatalog } from './catalog';

/** No socket handlers of its own: its event reaches sockets through the platform's subscriptions. */
export const fixtureWs: WsProduct<typeof fixtureCatalog> = {
  catalog: fixtureCatalog,
  start: () => ({ handlers: {}, attach() {}, async stop() {} }),
};
