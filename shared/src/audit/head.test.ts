import { expect, test } from 'bun:test';
import { formatChainLink, parseChainLink, savedHeadStatus, tailCut } from './head';

const h = (c: string) => c.repeat(64);

test('a saved head is <seq>:<hash>, a seq from 1 and a lower-case SHA-256', () => {
  expect(parseChainLink(`42:${h('a')}`)).toEqual({ seq: 42, hash: h('a') });
  expect(formatChainLink({ seq: 42, hash: h('a') })).toBe(`42:${h('a')}`);
  for (const text of [
    '',
    '42',
    `42:${h('a').slice(1)}`,
    `42:${h('A')}`,
    `0:${h('a')}`,
    `-1:${h('a')}`,
    `01:${h('a')}`,
    `1.5:${h('a')}`,
    ` 42:${h('a')}`,
    `42:${h('a')}\n`,
    `42:${h('a')}:1`,
    `9007199254740993:${h('a')}`,
  ])
    expect({ text, link: parseChainLink(text) }).toEqual({ text, link: undefined });
  // Fifteen digits: every such seq is a JavaScript number exactly.
  expect(parseChainLink(`999999999999999:${h('a')}`)?.seq).toBe(999_999_999_999_999);
});

test("a saved head's row: the same hash, another, or gone past the chain's end", () => {
  const saved = { seq: 5, hash: h('a') };
  expect(savedHeadStatus(saved, { hash: h('a') }, null)).toBe('matches');
  expect(savedHeadStatus(saved, { hash: h('b') }, null)).toBe('differs');
  expect(savedHeadStatus(saved, undefined, null)).toBe('missing');
  // Past an anchor, the rows after it are what counts.
  expect(savedHeadStatus(saved, undefined, { seq: 3, hash: h('c') })).toBe('missing');
});

test('the anchor stands for the row it names; a head retention dropped is no cut', () => {
  const saved = { seq: 5, hash: h('a') };
  expect(savedHeadStatus(saved, undefined, { seq: 5, hash: h('a') })).toBe('matches');
  expect(savedHeadStatus(saved, undefined, { seq: 5, hash: h('b') })).toBe('differs');
  expect(savedHeadStatus(saved, undefined, { seq: 9, hash: h('b') })).toBe('before anchor');
  expect(tailCut('before anchor')).toBe(false);
  expect(tailCut('matches')).toBe(false);
  expect(tailCut('missing')).toBe(true);
  expect(tailCut('differs')).toBe(true);
});
