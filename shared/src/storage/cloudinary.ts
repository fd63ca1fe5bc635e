import { v2 as cloudinary } from 'cloudinary';
import type { Storage } from './types';

const resourceType = (contentType: string) =>
  contentType.startsWith('image/') ? 'image' : contentType.startsWith('video/') ? 'video' : 'raw';

/**
 * Cloudinary (`CLOUDINARY_URL`): files are uploaded as private assets (signed uploads by the
 * SDK) and served through signed, expiring download URLs.
 */
export function createCloudinaryStorage(cloudinaryUrl: string): Storage {
  const url = new URL(cloudinaryUrl);
  cloudinary.config({
    cloud_name: url.hostname,
    api_key: decodeURIComponent(url.username),
    api_secret: decodeURIComponent(url.password),
    secure: true,
  });
  const contentTypes = new Map<string, string>();
  return {
    driver: 'cloudinary',
    async putFile(key, path, contentType) {
      await cloudinary.uploader.upload(path, {
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
      await cloudinary.uploader.upload(dataUri, {
        public_id: key,
        type: 'private',
        resource_type: resourceType(contentType),
        overwrite: true,
      });
    },
    async read(key) {
      const link = this.signedUrl(key, {
        ttlSeconds: 60,
        contentType: contentTypes.get(key) ?? 'image/*',
      });
      const res = await fetch(link);
      if (!res.ok) throw new Error(`cloudinary download failed: ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    },
    signedUrl(key, { ttlSeconds, contentType }) {
      return cloudinary.utils.private_download_url(key, '', {
        resource_type: resourceType(contentType),
        type: 'private',
        expires_at: Math.floor(Date.now() / 1000) + ttlSeconds,
        // Served as a download, as every driver's links are.
        attachment: true,
      });
    },
    async delete(key) {
      await cloudinary.uploader.destroy(key, { type: 'private', invalidate: true });
    },
  };
}
