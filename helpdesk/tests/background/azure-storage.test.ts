import { expect } from 'bun:test';
import { startAzurite } from '../../../tests/support/azurite';
import { objectStorageSuite } from './object-storage';

// STORAGE_DRIVER=azure end to end, against Azurite (object-storage.ts), which checks the SAS
// links' signatures and expiry as Azure does.
objectStorageSuite('azure', async () => {
  const azure = await startAzurite();
  return {
    env: azure.env,
    keys: (prefix) => azure.keys(prefix),
    bytes: async (key) =>
      new Uint8Array(await azure.container.getBlockBlobClient(key).downloadToBuffer()),
    exists: (key) => azure.container.getBlockBlobClient(key).exists(),
    writeAs: async (key, text, type) => {
      await azure.container
        .getBlockBlobClient(key)
        .upload(text, Buffer.byteLength(text), { blobHTTPHeaders: { blobContentType: type } });
    },
    // A service SAS of the blob: read only, that blob only, expiring `ttl` seconds from now, that
    // has Azure serve it as a download of `contentType` (rscd, rsct).
    expectLink(url, key, ttl, contentType) {
      const u = new URL(url);
      expect(`${u.origin}${u.pathname}`).toBe(
        `${azure.settings.endpoint}/${azure.settings.container}/${key}`,
      );
      expect(u.searchParams.get('sp')).toBe('r');
      expect(u.searchParams.get('sr')).toBe('b');
      expect(u.searchParams.get('sig')).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      const lifetime = (Date.parse(u.searchParams.get('se') ?? '') - Date.now()) / 1000;
      expect(lifetime).toBeLessThanOrEqual(ttl);
      expect(lifetime).toBeGreaterThan(ttl - 60);
      expect(u.searchParams.get('rscd')).toStartWith('attachment');
      expect(u.searchParams.get('rsct')).toBe(contentType);
    },
    close: () => azure.close(),
  };
});
