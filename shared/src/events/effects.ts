import type { Executor } from '../db';
import type { EventCatalog, EventData, EventType } from './define';
import type { OutboxRow } from './outbox';

/**
 * What follows from a committed event, declared by the one who consumes it: the real-time
 * stream, the users' channels, mail jobs, a product's jobs (webhooks will be one more). Each
 * effect names the event types it handles; the relay hands each outbox row only to those, in
 * the order the effects were registered, in the relay's transaction. Must be idempotent: after a
 * crash a row may be handed over again.
 */
export interface OutboxEffect {
  readonly name: string;
  readonly handles: readonly string[];
  run(row: OutboxRow, tx: Executor): Promise<void>;
}

/** One handler per event type the effect handles, given that event's data (checked when recorded). */
export type EffectHandlers<C extends EventCatalog, T extends EventType<C>> = {
  readonly [K in T]: (data: EventData<C, K>, row: OutboxRow, tx: Executor) => Promise<void>;
};

/** An effect over some event types of `catalog`, one typed handler each. */
export function defineEffect<C extends EventCatalog, T extends EventType<C>>(
  _catalog: C,
  effect: { readonly name: string; readonly on: EffectHandlers<C, T> },
): OutboxEffect {
  const handlers = effect.on as Readonly<
    Record<string, (data: unknown, row: OutboxRow, tx: Executor) => Promise<void>>
  >;
  return {
    name: effect.name,
    handles: Object.keys(handlers),
    async run(row, tx) {
      // The payload was validated against the event's schema when it was recorded.
      await handlers[row.type]?.(row.payload, row, tx);
    },
  };
}

export interface EffectRegistry {
  /** The effects that handle `type`, in registration order (none: the row is only marked). */
  effectsFor(type: string): readonly OutboxEffect[];
  readonly effects: readonly OutboxEffect[];
}

/**
 * The relay's dispatch table, built once at the worker's composition root. Every type an effect
 * handles must be declared in `catalog` (a typo would silently never run).
 */
export function effectRegistry(
  catalog: EventCatalog,
  effects: readonly OutboxEffect[],
): EffectRegistry {
  const byType = new Map<string, OutboxEffect[]>();
  for (const effect of effects) {
    for (const type of effect.handles) {
      if (!Object.hasOwn(catalog, type))
        throw new Error(`effect "${effect.name}" handles an undeclared event type: ${type}`);
      const list = byType.get(type) ?? [];
      list.push(effect);
      byType.set(type, list);
    }
  }
  return { effectsFor: (type) => byType.get(type) ?? [], effects };
}
