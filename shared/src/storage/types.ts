export interface Storage {
  readonly driver: 'local' | 'cloudinary' | 's3' | 'azure';
  /** Takes a finished upload from a local file (which is consumed). */
  putFile(key: string, path: string, contentType: string): Promise<void>;
  putBytes(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  read(key: string): Promise<Uint8Array>;
  /** The same bytes as a stream, for files too large to hold (an export's parts). */
  stream(key: string): Promise<ReadableStream<Uint8Array>>;
  /**
   * An expiring URL that serves the bytes with the stored `contentType`, never as a page of our
   * origin or of the bucket's: a download (`Content-Disposition: attachment`, with `filename`
   * when given) on S3, Azure and Cloudinary; the local driver's route adds a sandbox CSP and shows
   * only images inline.
   */
  signedUrl(
    key: string,
    options: { ttlSeconds: number; contentType: string; filename?: string },
  ): string;
  delete(key: string): Promise<void>;
}
