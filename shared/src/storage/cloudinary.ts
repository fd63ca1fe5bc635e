import type { v2 } from 'cloudinary';
import type { Storage } from './types';

type Sdk = typeof v2;
let loaded: Sdk | undefined;
/**
 * The SDK (with lodash, ~240 modules, ~0.15 s of CPU to load) is required at first use, not at
 * start: a service whose storage is local or S3 never loads it.
 */
function sdk(): Sdk {
  loaded ??= (require('cloudinary') as typeof import('cloudinary')).v2;
  return loaded;
}

type ResourceType = 'image' | 'video' | 'raw';
const RESOURCE_TYPES: readonly ResourceType[] = ['raw', 'image', 'video'];
const resourceType = (contentType: string): ResourceType =>
  contentType.startsWith('image/') ? 'image' : contentType.startsWith('video/') ? 'video' : 'raw';

/**
 * Cloudinary (`CLOUDINARY_URL`): files are uploaded as private assets (signed uploads by the
 * SDK) and served through signed, expiring download URLs.
 */
export function createCloudinaryStorage(cloudinaryUrl: string): Storage {
  const url = new URL(cloudinaryUrl);
  let configured: Sdk | undefined;
  const cloudinary = () => {
    if (configured) return configured;
    configured = sdk();
    configured.config({
      cloud_name: url.hostname,
      api_key: decodeURIComponent(url.username),
      api_secret: decodeURIComponent(url.password),
      secure: true,
    });
    return configured;
  };
  // Cloudinary addresses an asset by its resource type too. What this process stored it knows;
  // another's (a part written by another worker, anything before a restart) is looked for under
  // each type in turn.
  const stored = new Map<string, ResourceType>();
  const remember = (key: string, type: ResourceType) => {
    stored.delete(key);
    stored.set(key, type);
    // The latest 10,000: a hint, not a record (a forgotten key is looked for).
    if (stored.size > 10_000) stored.delete(stored.keys().next().value ?? key);
  };
  // Served as a download, as every driver's links are.
  const link = (key: string, type: ResourceType, ttlSeconds: number) =>
    cloudinary().utils.private_download_url(key, '', {
      resource_type: type,
      type: 'private',
      expires_at: Math.floor(Date.now() / 1000) + ttlSeconds,
      attachment: true,
    });
  const typesOf = (key: string) => {
    const known = stored.get(key);
    return known ? [known, ...RESOURCE_TYPES.filter((t) => t !== known)] : RESOURCE_TYPES;
  };
  const download = async (key: string) => {
    let status = 0;
    for (const type of typesOf(key)) {
      const res = await fetch(link(key, type, 60));
      if (res.ok) {
        remember(key, type);
        return res;
      }
      await res.body?.cancel();
      status = res.status;
      if (status !== 404) break;
    }
    throw new Error(`cloudinary download failed: ${status}`);
  };
  const storage: Storage = {
    driver: 'cloudinary',
    async putFile(key, path, contentType) {
      await cloudinary().uploader.upload(path, {
        public_id: key,
        type: 'private',
        resource_type: resourceType(contentType),
        overwrite: true,
      });
      remember(key, resourceType(contentType));
      await Bun.file(path).delete();
    },
    async putBytes(key, bytes, contentType) {
      const dataUri = `data:${contentType};base64,${Buffer.from(bytes).toString('base64')}`;
      await cloudinary().uploader.upload(dataUri, {
        public_id: key,
        type: 'private',
        resource_type: resourceType(contentType),
        overwrite: true,
      });
      remember(key, resourceType(contentType));
    },
    async read(key) {
      return new Uint8Array(await (await download(key)).arrayBuffer());
    },
    async stream(key) {
      const body = (await download(key)).body;
      if (!body) throw new Error('cloudinary download had no body');
      return body;
    },
    signedUrl(key, { ttlSeconds, contentType }) {
      return link(key, resourceType(contentType), ttlSeconds);
    },
    async delete(key) {
      // Under the type it was stored as (`destroy` defaults to image: a raw asset stayed).
      for (const type of typesOf(key)) {
        const answer = (await cloudinary().uploader.destroy(key, {
          type: 'private',
          invalidate: true,
          resource_type: type,
        })) as { result?: string };
        if (answer.result !== 'not found') break;
      }
      stored.delete(key);
    },
  };
  return storage;
}
