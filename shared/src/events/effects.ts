import type { z } from 'zod';
import type { Executor } from '../db';
import type { EventCatalog, EventData, EventType } from './define';
import type { OutboxRow } from './outbox';

/** What an effect does with one committed event: its data (checked when recorded) and its row. */
export type EffectHandler<D = unknown> = (data: D, row: OutboxRow, tx: Executor) => Promise<void>;

/**
 * What follows from committed events, declared by the one who consumes them: the real-time
 * stream, the users' channels, mail jobs, a product's jobs (webhooks will be one more). Each
 * effect names the event types it handles (the keys of `on`); the relay hands each outbox row
 * only to those handlers, in the order the effects were registered, in the relay's transaction.
 * Must be idempotent: after a crash a row may be handed over again.
 */
export interface OutboxEffect {
  readonly name: string;
  readonly on: { readonly [type: string]: EffectHandler };
  /**
   * Its work lives only in Valkey until done (it adds jobs): after Valkey lost its data, its
   * handlers run again for every relayed row the outbox still holds (`redriveOutbox`), and the
   * jobs' own idempotence (job ids, send-once, status checks) drops what was done already.
   * Not for deliveries to clients: a stream that starts again tells them to resync instead.
   */
  readonly redrive?: boolean;
}

/** One handler per event type the effect handles, given that event's data. */
export type EffectHandlers<C extends EventCatalog, T extends EventType<C>> = {
  readonly [K in T]: EffectHandler<EventData<C, K>>;
};

/** An effect over some event types of `catalog`, each handler typed by its event's data. */
export function defineEffect<C extends EventCatalog, T extends EventType<C>>(
  _catalog: C,
  effect: { readonly name: string; readonly on: EffectHandlers<C, T>; readonly redrive?: boolean },
): OutboxEffect {
  // Each handler is called with its own type's data (the registry dispatches by type).
  return effect as unknown as OutboxEffect;
}

export interface EffectRegistry {
  /** The handlers of `type`, in registration order (none: the row is only marked relayed). */
  handlersFor(type: string): readonly EffectHandler[];
  /** The handlers of `type` whose effects re-drive their work after Valkey lost its data. */
  redriveHandlersFor(type: string): readonly EffectHandler[];
  /** The event types some such effect handles. */
  readonly redriveTypes: readonly string[];
  /**
   * Why a row of `type` cannot be relayed, in words without its values — its type is not
   * declared, or its payload is not what the declaration admits (written by another version, or
   * by hand) — or null. A payload was checked when recorded; an effect handed one that is not
   * what its type says fails on it, every time.
   */
  refusal(type: string, payload: unknown): string | null;
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
  const byType = new Map<string, EffectHandler[]>();
  const redriven = new Map<string, EffectHandler[]>();
  for (const effect of effects) {
    for (const [type, handle] of Object.entries(effect.on)) {
      if (!Object.hasOwn(catalog, type))
        throw new Error(`effect "${effect.name}" handles an undeclared event type: ${type}`);
      byType.set(type, [...(byType.get(type) ?? []), handle]);
      if (effect.redrive) redriven.set(type, [...(redriven.get(type) ?? []), handle]);
    }
  }
  return {
    handlersFor: (type) => byType.get(type) ?? [],
    redriveHandlersFor: (type) => redriven.get(type) ?? [],
    redriveTypes: [...redriven.keys()],
    refusal(type, payload) {
      const declaration = Object.hasOwn(catalog, type) ? catalog[type] : undefined;
      if (!declaration) return 'its event type is not declared';
      const checked = declaration.data.safeParse(payload);
      if (checked.success) return null;
      const issues = checked.error.issues
        .slice(0, 3)
        .map((issue: z.core.$ZodIssue) => `${issue.path.join('.') || '(payload)'}: ${issue.code}`);
      return `its payload is not a ${type}: ${issues.join('; ')}`;
    },
    effects,
  };
}
