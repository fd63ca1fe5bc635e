import {
  type EffectHandler,
  type EventCatalog,
  type OrganizationStreamEvent,
  type OutboxEffect,
  typesDelivered,
} from '@insightdesk/shared/events';
import { appendEvent, encodeStreamEntry, type StreamBounds } from '@insightdesk/shared/realtime';
import { activeTraceparent } from '@insightdesk/shared/tracing';
import type { Redis } from '@insightdesk/shared/valkey';

/**
 * Events delivered through the organizations' streams: each is appended to its organization's
 * stream, which publishes it to the ws instances in the same atomic step (realtime/stream.ts),
 * its data bounded for clients first and its audience stored with it.
 */
export function organizationStreamEffect(
  catalog: EventCatalog,
  valkey: Redis,
  limits: StreamBounds,
  /** The product's configuration, for its events' `clientData`. */
  productConfig: unknown,
): OutboxEffect {
  const append: EffectHandler = async (data, row) => {
    // Events of no organization have no stream and no subscribers.
    if (row.orgId === null) return;
    const declaration = catalog[row.type] as OrganizationStreamEvent;
    const entry = encodeStreamEntry(declaration, row.type, row.createdAt, data, productConfig);
    await appendEvent(
      valkey,
      { outboxId: row.id, orgId: row.orgId, entry, traceParent: activeTraceparent() },
      limits,
    );
  };
  const types = typesDelivered(catalog, 'organization stream');
  return { name: 'organization stream', on: Object.fromEntries(types.map((t) => [t, append])) };
}
