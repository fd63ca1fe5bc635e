import { expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { isKeyedMessageId, messageIds } from './message-id';

const secret = 'a-test-secret-of-at-least-32-characters';

test('one Message-ID per dedupe key, keyed: not computable from the key alone', () => {
  const ids = messageIds(secret, 'insightdesk.local');
  const key = 'item-created:0192f0c4-1b2a-7c3d-8e4f-5a6b7c8d9e0f:owner';
  const id = ids.of(key);
  // The same delivery sent again carries the same Message-ID (deliveries.ts's crash window).
  expect(messageIds(secret, 'insightdesk.local').of(key)).toBe(id);
  expect(id).toMatch(/^<k1\.[0-9a-f]{32}@insightdesk\.local>$/);
  expect(ids.of(`${key}x`)).not.toBe(id);
  expect(messageIds(`${secret}x`, 'insightdesk.local').of(key)).not.toBe(id);
  // Not the unkeyed digest of the key, nor any part of it.
  const digest = createHash('sha256').update(key).digest('hex');
  expect(digest).not.toContain(id.slice(4, 36));
  expect(isKeyedMessageId(id)).toBe(true);
});

test('only the keyed form is keyed: the unkeyed one and look-alikes are not', () => {
  const unkeyed = `<${createHash('sha256').update('reply:x').digest('hex').slice(0, 32)}@insightdesk.local>`;
  for (const id of [
    unkeyed,
    '<k1.0123456789abcdef0123456789ABCDEF@insightdesk.local>',
    '<k1.0123456789abcdef0123456789abcde@insightdesk.local>',
    '<k1.0123456789abcdef0123456789abcdef@a@b>',
    '<k1.0123456789abcdef0123456789abcdef@insightdesk.local> ',
    'k1.0123456789abcdef0123456789abcdef@insightdesk.local',
  ])
    expect(isKeyedMessageId(id)).toBe(false);
});
