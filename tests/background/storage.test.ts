import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCloudinaryStorage,
  createLocalStorage,
  createS3Storage,
  type Storage,
} from '@insightdesk/shared/storage';
import { createAzureStorage } from '@insightdesk/shared/storage/azure';
import { type LocalAzure, startAzurite } from '../support/azurite';
import { type LocalS3, startS3 } from '../support/s3';
import { ROOT } from '../support/stack';

const PNG = new Uint8Array(readFileSync(join(ROOT, 'tests/fixtures/diagram.png')));
const scratch = mkdtempSync(join(tmpdir(), 'insightdesk-storage-'));
let s3: LocalS3;
let azure: LocalAzure;

beforeAll(async () => {
  [s3, azure] = await Promise.all([startS3(), startAzurite()]);
});
afterAll(async () => {
  await Promise.all([s3.close(), azure.close()]);
  rmSync(scratch, { recursive: true, force: true });
});

/** The file server of the local driver, as the api runs it (for its signed URLs). */
function localProvider() {
  const local = createLocalStorage({
    dir: join(scratch, 'local'),
    publicUrl: 'http://local.invalid',
    secret: 'a-test-signing-secret-of-enough-length',
  });
  const fetchSigned = async (url: string) => {
    const u = new URL(url);
    const key = u.pathname.replace('/api/v1/files/', '');
    const verdict = local.verify(
      key,
      u.searchParams.get('expires') ?? undefined,
      u.searchParams.get('sig') ?? undefined,
    );
    if (verdict !== 'ok') return new Response(null, { status: 403 });
    const file = Bun.file(local.pathOf(key));
    return (await file.exists()) ? new Response(file) : new Response(null, { status: 404 });
  };
  return {
    storage: local as Storage,
    fetchSigned,
    expiryOf: (url: string) =>
      Number(new URL(url).searchParams.get('expires')) - Math.floor(Date.now() / 1000),
  };
}

function s3Provider() {
  const storage = createS3Storage(s3.settings);
  return {
    storage,
    fetchSigned: (url: string) => fetch(url),
    // s3rver does not check signatures or expiry: the URL must carry the expiry asked for.
    expiryOf: (url: string) => Number(new URL(url).searchParams.get('X-Amz-Expires')),
  };
}

function azureProvider() {
  return {
    storage: createAzureStorage(azure.settings),
    fetchSigned: (url: string) => fetch(url),
    // A SAS link's lifetime: from its start (a minute back, for clocks behind) to its expiry.
    expiryOf: (url: string) =>
      Math.round((Date.parse(new URL(url).searchParams.get('se') ?? '') - Date.now()) / 1000),
  };
}

for (const [name, make] of [
  ['local', localProvider],
  ['s3', s3Provider],
  ['azure', azureProvider],
] as const) {
  describe(`the ${name} storage provider`, () => {
    test('streams an upload from its temporary file, stores a thumbnail, presigns, deletes', async () => {
      const { storage, fetchSigned, expiryOf } = make();
      expect(storage.driver).toBe(name);
      const orgKey = `0192f7e4-7c1a-7cc2-9a51-${Date.now().toString(16).padStart(12, '0').slice(-12)}`;
      const key = `${orgKey}/upload`;
      const upload = join(scratch, `upload-${crypto.randomUUID()}`);
      const big = new Uint8Array(6 * 1024 * 1024).map((_, i) => i % 251);
      writeFileSync(upload, big);
      await storage.putFile(key, upload, 'application/pdf');
      expect(await Bun.file(upload).exists()).toBe(false); // consumed
      expect(await storage.read(key)).toEqual(big);

      const thumb = `${orgKey}/upload.thumb.webp`;
      await storage.putBytes(thumb, PNG, 'image/png');
      const url = storage.signedUrl(thumb, { ttlSeconds: 120, contentType: 'image/png' });
      expect(expiryOf(url)).toBeGreaterThanOrEqual(119);
      expect(expiryOf(url)).toBeLessThanOrEqual(120);
      const res = await fetchSigned(url);
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);

      await storage.delete(key);
      await storage.delete(thumb);
      expect(
        (await fetchSigned(storage.signedUrl(thumb, { ttlSeconds: 60, contentType: 'image/png' })))
          .status,
      ).toBe(404);
      await expect(storage.read(key)).rejects.toThrow();
    });
  });
}

test('the s3 driver serves what it stored with its content type over a presigned URL', async () => {
  const { storage } = s3Provider();
  await storage.putBytes('org/typed.png', PNG, 'image/png');
  const res = await fetch(
    storage.signedUrl('org/typed.png', { ttlSeconds: 60, contentType: 'image/png' }),
  );
  expect(res.headers.get('content-type')).toBe('image/png');
  const url = new URL(
    storage.signedUrl('org/typed.png', { ttlSeconds: 60, contentType: 'image/png' }),
  );
  expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
  expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  expect(url.toString()).not.toContain('S3RVER&'); // the secret is never in the URL
});

test('the azure driver: read-only SAS links for one blob, a download of the stored type, short-lived, signature and expiry enforced', async () => {
  const { storage } = azureProvider();
  await storage.putBytes('org/typed.png', PNG, 'image/png');
  const link = storage.signedUrl('org/typed.png', {
    ttlSeconds: 120,
    contentType: 'image/png',
    filename: 'Schaltplan ü.png',
  });
  const url = new URL(link);
  expect(`${url.origin}${url.pathname}`).toBe(
    `${azure.settings.endpoint}/insightdesk-test/org/typed.png`,
  );
  expect(url.searchParams.get('sp')).toBe('r'); // read, nothing else
  expect(url.searchParams.get('sr')).toBe('b'); // this blob only
  expect(url.searchParams.get('rsct')).toBe('image/png');
  expect(url.searchParams.get('rscd')).toBe("attachment; filename*=UTF-8''Schaltplan%20%C3%BC.png");
  expect(link).not.toContain(azure.settings.accountKey);
  const res = await fetch(link);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/png');
  expect(res.headers.get('content-disposition')).toBe(
    "attachment; filename*=UTF-8''Schaltplan%20%C3%BC.png",
  );
  expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);

  // Azurite checks what s3rver does not: a link whose signature or expiry was changed, or one
  // already expired, is refused; so is a write through a read link.
  const tampered = new URL(link);
  tampered.searchParams.set(
    'se',
    new Date(Date.now() + 86_400_000).toISOString().slice(0, 19) + 'Z',
  );
  expect((await fetch(tampered)).status).toBe(403);
  const otherBlob = new URL(link);
  otherBlob.pathname = otherBlob.pathname.replace('typed.png', 'other.png');
  expect((await fetch(otherBlob)).status).toBe(403);
  const expired = storage.signedUrl('org/typed.png', { ttlSeconds: -1, contentType: 'image/png' });
  expect((await fetch(expired)).status).toBe(403);
  const write = await fetch(link, {
    method: 'PUT',
    headers: { 'x-ms-blob-type': 'BlockBlob' },
    body: 'overwritten',
  });
  expect(write.status).toBe(403);
  expect(await storage.read('org/typed.png')).toEqual(PNG);

  // An export's part is read back as a stream, not whole.
  const chunks: Uint8Array[] = [];
  for await (const chunk of await storage.stream('org/typed.png')) chunks.push(chunk);
  expect(new Uint8Array(Buffer.concat(chunks))).toEqual(PNG);
  await storage.delete('org/typed.png');
  await storage.delete('org/typed.png'); // gone already: no error
  expect(await azure.keys('org/')).toEqual([]);
});

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
