/*
 * The fixture product the platform's integration tests run against: its catalogue and shapes.
 * Its service parts are exported per service (`@insightdesk/fixture-product/api`, `/worker`,
 * `/ws`, `/inbound`), as a product's are.
 */
export { fixtureCatalog } from './catalog';
export { type FixtureEvents, fixtureEvents } from './events';
export { fixtureEmailJobs, itemsQueue } from './queues';
export { type Item, itemSchema, TITLE_MAX_CHARS } from './schemas';
