import { expect, test } from 'bun:test';
import { SocketBudget } from './budget';

test("a socket's budget: a burst, then the refill rate; refusals add up to a disconnect", () => {
  const budget = new SocketBudget({
    eventsPerSecond: 1,
    eventBurst: 3,
    replaysPerMinute: 2,
    refusalsBeforeDisconnect: 2,
  });
  expect([budget.event(), budget.event(), budget.event(), budget.event()]).toEqual([
    true,
    true,
    true,
    false,
  ]);
  expect([budget.replay(), budget.replay(), budget.replay()]).toEqual([true, true, false]);
  expect([budget.refusal(), budget.refusal(), budget.refusal()]).toEqual([true, true, false]);
});
