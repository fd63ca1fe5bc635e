import { describe, expect, test } from 'bun:test';
import { createLogger } from '../logger';
import { createLifecycle, dependencyOrder } from '.';

const logger = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });

describe('lifecycle', () => {
  test('starts in dependency order and stops in reverse; draining comes first', async () => {
    const events: string[] = [];
    const lifecycle = createLifecycle({ logger, timeoutMs: 5000, drainDelayMs: 0, exit: () => {} });
    lifecycle.onDrain(() => events.push('drain'));
    for (const [name, deps] of [
      ['http', ['db', 'cache']],
      ['db', []],
      ['cache', ['db']],
    ] as const) {
      lifecycle.add({
        name,
        dependsOn: deps,
        start: () => {
          events.push(`start ${name}`);
          return async () => {
            await Bun.sleep(5);
            events.push(`stop ${name}`);
          };
        },
      });
    }
    await lifecycle.start();
    expect(await lifecycle.shutdown('test')).toBe(0);
    expect(lifecycle.draining).toBe(true);
    expect(events).toEqual([
      'start db',
      'start cache',
      'start http',
      'drain',
      'stop http',
      'stop cache',
      'stop db',
    ]);
  });

  test('a failing step stops what started and rethrows', async () => {
    const events: string[] = [];
    const lifecycle = createLifecycle({ logger, timeoutMs: 5000, drainDelayMs: 0 });
    lifecycle.add({ name: 'a', start: () => () => void events.push('stop a') }).add({
      name: 'b',
      dependsOn: ['a'],
      start: () => {
        throw new Error('b cannot start');
      },
    });
    await expect(lifecycle.start()).rejects.toThrow('b cannot start');
    expect(events).toEqual(['stop a']);
  });

  test('the shutdown deadline forces exit with a non-zero code', async () => {
    const exits: number[] = [];
    const lifecycle = createLifecycle({
      logger,
      timeoutMs: 50,
      drainDelayMs: 0,
      exit: (c) => void exits.push(c),
    });
    lifecycle.add({ name: 'stuck', start: () => () => Bun.sleep(300) });
    await lifecycle.start();
    const done = lifecycle.shutdown('test');
    await Bun.sleep(100);
    expect(exits).toEqual([1]);
    await done;
  });

  test('dependency cycles and unknown dependencies are refused', () => {
    expect(() =>
      dependencyOrder([
        { name: 'a', dependsOn: ['b'] },
        { name: 'b', dependsOn: ['a'] },
      ]),
    ).toThrow('dependency cycle');
    expect(() => dependencyOrder([{ name: 'a', dependsOn: ['nope'] }])).toThrow('unknown step');
  });
});
