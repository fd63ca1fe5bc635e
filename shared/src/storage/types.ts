export interface Storage {
  readonly driver: 'local' | 'cloudinary' | 's3';
  /** Takes a finished upload from a local file (which is consumed). */
  putFile(key: string, path: string, contentType: string): Promise<void>;
  putBytes(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  read(key: string): Promise<Uint8Array>;
  /** An expiring URL that serves the bytes. */
  signedUrl(key: string, options: { ttlSeconds: number; contentType: string }): string;
  delete(key: string): Promise<void>;
}
