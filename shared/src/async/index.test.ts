import { describe, expect, test } from 'bun:test';
import { andThen } from '.';

describe('andThen', () => {
  test('a value is passed on at once: no promise unless the next step makes one', () => {
    const steps: string[] = [];
    const answer = andThen(20, (n) => {
      steps.push('next');
      return n + 1;
    });
    steps.push('after');
    expect(answer).toBe(21);
    expect(steps).toEqual(['next', 'after']);
    expect(andThen(1, async (n) => n)).toBeInstanceOf(Promise);
  });

  test('a promise is passed on once it resolves; a rejection skips the next step', async () => {
    const answer = andThen(Promise.resolve(20), (n) => n + 1);
    expect(answer).toBeInstanceOf(Promise);
    expect(await answer).toBe(21);
    let called = false;
    const refused = andThen(Promise.reject(new Error('refused')), () => {
      called = true;
    });
    await expect(refused).rejects.toThrow('refused');
    expect(called).toBe(false);
  });

  test('a step that throws on a value throws at once; on a promise, rejects', async () => {
    const fail = () => {
      throw new Error('no');
    };
    expect(() => andThen(1, fail)).toThrow('no');
    await expect(andThen(Promise.resolve(1), fail)).rejects.toThrow('no');
  });
});
