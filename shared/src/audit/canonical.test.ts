import { expect, test } from 'bun:test';
import { canonicalJson, chainHash, GENESIS_HASH } from './canonical';

test('keys are sorted at every depth, undefined members dropped, no whitespace', () => {
  expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, u: undefined })).toBe(
    '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
  );
});

test('the same value in another key order gives the same text and hash', () => {
  const one = canonicalJson({ role: 'admin', from: 'viewer', n: 1.5 });
  const two = canonicalJson(JSON.parse('{"n":1.5,"from":"viewer","role":"admin"}'));
  expect(one).toBe(two);
  expect(chainHash(GENESIS_HASH, one)).toBe(chainHash(GENESIS_HASH, two));
  expect(chainHash(GENESIS_HASH, one)).toMatch(/^[0-9a-f]{64}$/);
});

test('strings are escaped as JSON.stringify does; non-JSON values are refused', () => {
  expect(canonicalJson('a"\u2028\n')).toBe(JSON.stringify('a"\u2028\n'));
  expect(canonicalJson(new Date(0))).toBe('"1970-01-01T00:00:00.000Z"');
  expect(() => canonicalJson(Number.NaN)).toThrow();
  expect(() => canonicalJson(1n)).toThrow();
});
