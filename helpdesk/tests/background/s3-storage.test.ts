import { expect } from 'bun:test';
import { startS3 } from '../../../tests/support/s3';
import { objectStorageSuite } from './object-storage';

// STORAGE_DRIVER=s3 end to end, against s3rver (object-storage.ts). s3rver checks no signature:
// a link is checked by its parameters here, its enforcement by nothing (tests/background/storage.test.ts).
objectStorageSuite('s3', async () => {
  const s3 = await startS3();
  return {
    env: s3.env,
    keys: (prefix) => s3.keys(prefix),
    bytes: (key) => s3.client.file(key).bytes(),
    exists: (key) => s3.client.exists(key),
    writeAs: async (key, text, type) => {
      await s3.client.write(key, text, { type });
    },
    // A presigned GET of the bucket's key, valid for `ttl` seconds, that has S3 serve it as a
    // download of `contentType` (response-content-disposition, response-content-type).
    expectLink(url, key, ttl, contentType) {
      const u = new URL(url);
      expect(`${u.origin}${u.pathname}`).toBe(
        `${s3.settings.endpoint}/${s3.settings.bucket}/${key}`,
      );
      expect(u.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
      expect(u.searchParams.get('X-Amz-Expires')).toBe(String(ttl));
      expect(u.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      expect(u.searchParams.get('response-content-disposition')).toStartWith('attachment');
      expect(u.searchParams.get('response-content-type')).toBe(contentType);
    },
    close: () => s3.close(),
  };
});
