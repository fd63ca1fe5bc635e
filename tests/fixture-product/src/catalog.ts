import { defineProduct } from '@insightdesk/shared/product';
import { fixtureEvents } from './events';
import { fixtureMigrations } from './migrations';
import { fixtureEmailJobs, itemsQueue } from './queues';

/**
 * The fixture product: what the platform's integration tests run against instead of the help
 * desk (tests/foundation/remove-product.test.ts). Two tables, one event, one queue of its own and
 * one mail: enough to drive the outbox, the relay, streams, sockets, fair share and mail.
 */
export const fixtureCatalog = defineProduct({
  name: 'fixture',
  // Named as the help desk's: the platform's tests invite these roles against either product.
  roles: [
    { name: 'agent', sees: 'organization', about: 'sees every item of the organization' },
    { name: 'requester', sees: 'own', about: 'sees the items they own' },
  ],
  events: fixtureEvents,
  queues: { items: itemsQueue },
  jobs: { email: fixtureEmailJobs },
  schedules: [],
  clientEvents: {},
  ephemeralEvents: {},
  migrations: fixtureMigrations,
  config: {},
  features: {},
});
