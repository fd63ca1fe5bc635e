import { emptyInboundProduct, type InboundProduct } from '@insightdesk/shared/product';
import { fixtureCatalog } from './catalog';

/** It takes no mail: the ingress's empty part, under its catalogue. */
export const fixtureInbound: InboundProduct<typeof fixtureCatalog> = {
  catalog: fixtureCatalog,
  start: emptyInboundProduct.start,
};
