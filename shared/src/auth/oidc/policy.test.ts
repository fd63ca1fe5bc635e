import { expect, test } from 'bun:test';
import { providerCheckedSecondFactor, VOUCHED_DOMAIN, vouchesFor } from './policy';

test('a provider vouches for exact domains only, or for every domain with *', () => {
  expect(vouchesFor(['example.com'], 'a@Example.COM')).toBe(true);
  expect(vouchesFor(['example.com'], 'a@sub.example.com')).toBe(false);
  expect(vouchesFor(['example.com'], 'a@example.com.evil.test')).toBe(false);
  expect(vouchesFor(['example.com'], 'example.com')).toBe(false);
  expect(vouchesFor(['example.com'], 'a@evil.test@example.com')).toBe(true);
  expect(vouchesFor([], 'a@example.com')).toBe(false);
  expect(vouchesFor(['*'], 'a@gmail.com')).toBe(true);
});

test('the amr values that stand for a second factor', () => {
  expect(providerCheckedSecondFactor(['pwd'])).toBe(false);
  expect(providerCheckedSecondFactor(['pwd', 'mfa'])).toBe(true);
  expect(providerCheckedSecondFactor(['hwk'])).toBe(true);
  expect(providerCheckedSecondFactor([])).toBe(false);
});

test('vouched domains an admin may set', () => {
  for (const ok of ['example.com', 'corp.example.co.uk', 'a-b.io'])
    expect(VOUCHED_DOMAIN.test(ok)).toBe(true);
  for (const bad of [
    '*',
    '*.example.com',
    'Example.com',
    'localhost',
    '-a.com',
    'a..com',
    'a.com.',
  ])
    expect(VOUCHED_DOMAIN.test(bad)).toBe(false);
});
