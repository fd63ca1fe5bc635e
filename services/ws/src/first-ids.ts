import { compareEventIds } from '@insightdesk/shared/realtime';

/**
 * The stream id each recent change (outbox row) was first seen under on this instance. Every ws
 * instance hears every relayed event, so this is the instance's memory of what was delivered —
 * one that survives Valkey losing its data. After such a loss the relay can append a change
 * again under a new id (its row was appended, the record of that lost with Valkey, and the relay
 * killed before it marked the row relayed); a subscriber already past the first id has it.
 *
 * Two generations of a map, the older dropped every `windowMs` (or when the newer one holds
 * `capacity` entries): what it remembers is bounded, and a second copy comes within seconds (a
 * relay batch and the takeover of its lock), well inside the window.
 */
export function firstIds(options: { windowMs: number; capacity: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  let current = new Map<string, string>();
  let previous = new Map<string, string>();
  let rotatedAt = now();

  function rotate() {
    if (now() - rotatedAt < options.windowMs && current.size < options.capacity) return;
    previous = current;
    current = new Map();
    rotatedAt = now();
  }

  return {
    /** Notes that `outboxId` was seen as `id`; returns the earliest id it was seen under. */
    note(outboxId: string, id: string): string {
      rotate();
      const seen = current.get(outboxId) ?? previous.get(outboxId);
      const first = seen !== undefined && compareEventIds(seen, id) < 0 ? seen : id;
      current.set(outboxId, first);
      return first;
    },
    get size() {
      return current.size + previous.size;
    },
  };
}

export type FirstIds = ReturnType<typeof firstIds>;
