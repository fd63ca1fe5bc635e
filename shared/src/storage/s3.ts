import { S3Client } from 'bun';
import { attachmentDisposition } from './disposition';
import type { Storage } from './types';

export interface S3Settings {
  readonly bucket: string;
  readonly region: string;
  /** An S3-compatible endpoint (Cloudflare R2, MinIO…); unset: AWS. */
  readonly endpoint?: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * S3 and S3-compatible stores (AWS S3, Cloudflare R2, MinIO) on Bun's native client: uploads
 * stream from the upload's temporary file (multipart for large ones), downloads are presigned,
 * expiring GET URLs, so the bytes never pass through the api.
 */
export function createS3Storage(settings: S3Settings): Storage {
  const client = new S3Client({
    bucket: settings.bucket,
    region: settings.region,
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
  });
  return {
    driver: 's3',
    async putFile(key, path, contentType) {
      const file = Bun.file(path);
      await client.write(key, file, { type: contentType });
      await file.delete();
    },
    async putBytes(key, bytes, contentType) {
      await client.write(key, bytes, { type: contentType });
    },
    async read(key) {
      return new Uint8Array(await client.file(key).arrayBuffer());
    },
    async stream(key) {
      return client.file(key).stream();
    },
    // S3 serves what the object's metadata says unless the link overrides it: the link carries
    // response-content-disposition (a download, as the local driver's) and response-content-type
    // (the type the api sniffed and stored), both covered by the signature.
    signedUrl(key, { ttlSeconds, contentType, filename }) {
      return client.presign(key, {
        method: 'GET',
        expiresIn: ttlSeconds,
        type: contentType,
        contentDisposition: attachmentDisposition(filename),
      });
    },
    async delete(key) {
      await client.delete(key);
    },
  };
}
