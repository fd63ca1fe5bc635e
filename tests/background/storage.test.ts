import { expect, test } from 'bun:test';
import { createCloudinaryStorage } from '@insightdesk/shared/storage';

test('the Cloudinary provider signs expiring download URLs (offline, as the SDK does)', () => {
  const storage = createCloudinaryStorage(
    'cloudinary://123456789012345:abcdefghijklmnopqrstuvwxyz0@demo-cloud',
  );
  const url = new URL(
    storage.signedUrl('org/attachment', { ttlSeconds: 300, contentType: 'image/png' }),
  );
  expect(url.hostname).toBe('api.cloudinary.com');
  expect(url.pathname).toContain('/demo-cloud/image/download');
  expect(url.searchParams.get('api_key')).toBe('123456789012345');
  expect(url.searchParams.get('public_id')).toBe('org/attachment');
  expect(url.searchParams.get('type')).toBe('private');
  expect(url.searchParams.get('signature')).toMatch(/^[0-9a-f]{40}$/);
  const expiresAt = Number(url.searchParams.get('expires_at'));
  expect(expiresAt).toBeGreaterThan(Date.now() / 1000 + 250);
  expect(expiresAt).toBeLessThan(Date.now() / 1000 + 350);
  expect(url.toString()).not.toContain('abcdefghijklmnopqrstuvwxyz0');
});
