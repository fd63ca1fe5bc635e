import type { ApiProduct } from '@insightdesk/shared/product';
import { fixtureCatalog } from '../catalog';
import { itemRoutes } from './routes';

/** The fixture product's part in the api: its items under an organization. */
export const fixtureApi: ApiProduct<typeof fixtureCatalog> = {
  catalog: fixtureCatalog,
  tags: [{ name: 'items', description: 'Items of an organization (the fixture product)' }],
  routes: (deps) => ({ organizations: itemRoutes(deps) }),
  fileMeta: async () => null,
  // Its items stay their owner's after they leave: nothing to remove.
  membershipEnded: async () => {},
};
