import { describe, expect, test } from 'bun:test';
import { z } from 'zod';
import type { Executor } from '../db';
import { defineEvent } from './define';
import { defineEffect, effectRegistry, type OutboxEffect } from './effects';
import type { OutboxRow } from './outbox';

const catalog = {
  'thing.made': defineEvent({
    data: z.object({ id: z.string() }),
    delivery: 'none',
    about: 'a test',
  }),
  'thing.gone': defineEvent({
    data: z.object({ id: z.string() }),
    delivery: 'none',
    about: 'a test',
  }),
  'other.event': defineEvent({ data: z.object({}), delivery: 'none', about: 'a test' }),
};
const row = (type: string, payload: unknown): OutboxRow => ({
  id: 1,
  orgId: null,
  type,
  payload,
  createdAt: '2026-01-01T00:00:00.000Z',
  traceParent: null,
});
const tx = {} as Executor;

describe('effects and their registry', () => {
  test("the relay hands each type's rows to the handlers declared for it, in registration order", async () => {
    const seen: string[] = [];
    const recorder = defineEffect(catalog, {
      name: 'recorder',
      on: {
        async 'thing.made'({ id }) {
          seen.push(`made ${id}`);
        },
        async 'thing.gone'({ id }, r) {
          seen.push(`gone ${id} #${r.id}`);
        },
      },
    });
    const second: OutboxEffect = {
      name: 'second',
      on: { 'thing.made': async () => void seen.push('second') },
    };
    const registry = effectRegistry(catalog, [recorder, second]);
    const relay = async (r: OutboxRow) => {
      for (const handle of registry.handlersFor(r.type)) await handle(r.payload, r, tx);
    };
    await relay(row('thing.made', { id: 'a' }));
    await relay(row('thing.gone', { id: 'b' }));
    await relay(row('other.event', {}));
    expect(seen).toEqual(['made a', 'second', 'gone b #1']);
    expect(registry.handlersFor('never.declared')).toEqual([]);
  });

  test('an effect of an undeclared type is refused when the registry is built', () => {
    const typo: OutboxEffect = { name: 'typo', on: { 'thing.mad': async () => {} } };
    expect(() => effectRegistry(catalog, [typo])).toThrow(
      'effect "typo" handles an undeclared event type: thing.mad',
    );
  });

  test('a row is refused, in words without its values, when its type or its payload is not declared', () => {
    const registry = effectRegistry(catalog, []);
    expect(registry.refusal('thing.made', { id: 'a' })).toBeNull();
    expect(registry.refusal('thing.made', { id: 42, extra: 'secret-value' })).toBe(
      'its payload is not a thing.made: id: invalid_type',
    );
    expect(registry.refusal('thing.made', 'secret-value')).toBe(
      'its payload is not a thing.made: (payload): invalid_type',
    );
    expect(registry.refusal('never.declared', {})).toBe('its event type is not declared');
    // Not the catalogue object's own inherited keys.
    expect(registry.refusal('constructor', {})).toBe('its event type is not declared');
  });
});
