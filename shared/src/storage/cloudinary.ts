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

const resourceType = (contentType: string) =>
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
  const contentTypes = new Map<string, string>();
  const download = async (key: string) => {
    const link = storage.signedUrl(key, {
      ttlSeconds: 60,
      contentType: contentTypes.get(key) ?? 'image/*',
    });
    const res = await fetch(link);
    if (!res.ok) throw new Error(`cloudinary download failed: ${res.status}`);
    return res;
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
      contentTypes.set(key, contentType);
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
      return cloudinary().utils.private_download_url(key, '', {
        resource_type: resourceType(contentType),
        type: 'private',
        expires_at: Math.floor(Date.now() / 1000) + ttlSeconds,
        // Served as a download, as every driver's links are.
        attachment: true,
      });
    },
    async delete(key) {
      await cloudinary().uploader.destroy(key, { type: 'private', invalidate: true });
    },
  };
  return storage;
}
