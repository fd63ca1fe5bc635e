import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Settings } from '@insightdesk/shared/storage';
import { S3Client } from 'bun';
import S3rver from 's3rver';

/** A real S3-compatible server (s3rver) on loopback, with one bucket, for the s3 driver. */
export interface LocalS3 {
  /** What `createS3Storage` takes (s3rver accepts its own fixed keys, `S3RVER`). */
  readonly settings: S3Settings & { readonly endpoint: string };
  /** The same, as the services read it from their environment. */
  readonly env: Record<string, string>;
  /** A client of the bucket, independent of the driver under test. */
  readonly client: S3Client;
  /** Every key in the bucket under `prefix`. */
  keys(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startS3(bucket = 'insightdesk-test'): Promise<LocalS3> {
  const directory = mkdtempSync(join(tmpdir(), 'insightdesk-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = (await server.run()) as { port: number };
  const settings = {
    bucket,
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  };
  const client = new S3Client(settings);
  return {
    settings,
    env: {
      STORAGE_DRIVER: 's3',
      S3_BUCKET: settings.bucket,
      S3_REGION: settings.region,
      S3_ENDPOINT: settings.endpoint,
      S3_ACCESS_KEY_ID: settings.accessKeyId,
      S3_SECRET_ACCESS_KEY: settings.secretAccessKey,
    },
    client,
    async keys(prefix) {
      const listed = await client.list({ prefix });
      if (listed.isTruncated) throw new Error(`more than ${listed.maxKeys} keys under ${prefix}`);
      return (listed.contents ?? []).map((o) => o.key).sort();
    },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
