import { auditEventTypes } from '../audit/actions';
import { type EventCatalog, typesDelivered } from '../events/define';

/**
 * The event types an endpoint may subscribe to, from a deployment's catalogue: one source per
 * line. An organization's stream events are its public facts (tickets, messages, members…);
 * user-channel and internal events are not (they concern one user, or only drive background
 * work). The audit log's acts are the other source (`audit.<action>`, each recorded with its row).
 */
const SOURCES: readonly ((catalog: EventCatalog) => readonly string[])[] = [
  (catalog) => typesDelivered(catalog, 'organization stream'),
  (catalog) => auditEventTypes.filter((type) => type in catalog),
];

/** The deployment's webhook event types, sorted, each once. */
export function webhookEventTypes(catalog: EventCatalog): string[] {
  return [...new Set(SOURCES.flatMap((source) => source(catalog)))].sort();
}
