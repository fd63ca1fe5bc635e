import { type EventCatalog, typesDelivered } from '../events/define';

/**
 * The event types an endpoint may subscribe to, from a deployment's catalogue: one source per
 * line. An organization's stream events are its public facts (tickets, messages, members…);
 * user-channel and internal events are not (they concern one user, or only drive background
 * work). Another source is one more line here — the audit log's events, once they are declared in
 * the catalogue, e.g. `(catalog) => Object.keys(catalog).filter((t) => t.startsWith('audit.'))`.
 */
const SOURCES: readonly ((catalog: EventCatalog) => readonly string[])[] = [
  (catalog) => typesDelivered(catalog, 'organization stream'),
];

/** The deployment's webhook event types, sorted, each once. */
export function webhookEventTypes(catalog: EventCatalog): string[] {
  return [...new Set(SOURCES.flatMap((source) => source(catalog)))].sort();
}
