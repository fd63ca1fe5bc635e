import { expect, test } from 'bun:test';
import { priorityOfTag, tagOfPriority, URGENT_PRIORITY } from './fair-share';

test('tags become priorities above the urgent one, and back; urgent jobs move no clock', () => {
  expect(priorityOfTag(1)).toBe(URGENT_PRIORITY + 1);
  for (const tag of [1, 2, 500, 2_097_150]) expect(tagOfPriority(priorityOfTag(tag))).toBe(tag);
  expect(tagOfPriority(URGENT_PRIORITY)).toBeNull();
  expect(tagOfPriority(0)).toBeNull();
});
