import { join } from 'node:path';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { AzureSettings } from '@insightdesk/shared/storage';
import { ROOT } from './stack';

/**
 * A real Azure Blob server (Azurite, Microsoft's emulator from npm) on a free loopback port, in
 * memory, with one private container, for the azure driver. Unlike s3rver it checks signatures
 * and SAS expiry, so the links' enforcement is tested too. Run under this Bun (its `engines` asks
 * for Node 22; it serves here as it is), with telemetry off: nothing leaves the machine.
 */
export interface LocalAzure {
  /** What `createAzureStorage` takes: Azurite's well-known development account. */
  readonly settings: AzureSettings & { readonly endpoint: string };
  /** The same, as the services read it from their environment. */
  readonly env: Record<string, string>;
  /** A client of the container, independent of the driver under test. */
  readonly container: ContainerClient;
  /** Every blob name in the container under `prefix`. */
  keys(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Azurite's documented development account (the emulator accepts only it by default). */
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export async function startAzurite(containerName = 'insightdesk-test'): Promise<LocalAzure> {
  const proc = Bun.spawn(
    [
      process.execPath,
      join(ROOT, 'node_modules/azurite/dist/src/blob/main.js'),
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--inMemoryPersistence',
      '--extentMemoryLimit',
      '512',
      '--disableTelemetry',
      // The SDK asks for a newer service version (2026-10-06) than this Azurite knows; the
      // operations the driver uses (block uploads, downloads, SAS reads, deletes) are the same.
      '--skipApiVersionCheck',
      '--silent',
    ],
    { stdout: 'pipe', stderr: 'pipe' },
  );
  const port = await listeningPort(proc.stdout);
  const endpoint = `http://127.0.0.1:${port}/${ACCOUNT}`;
  const settings = {
    account: ACCOUNT,
    accountKey: ACCOUNT_KEY,
    container: containerName,
    endpoint,
  };
  const service = BlobServiceClient.fromConnectionString(
    `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};BlobEndpoint=${endpoint};`,
  );
  const container = service.getContainerClient(containerName);
  await container.create();
  return {
    settings,
    env: {
      STORAGE_DRIVER: 'azure',
      AZURE_STORAGE_ACCOUNT: ACCOUNT,
      AZURE_STORAGE_KEY: ACCOUNT_KEY,
      AZURE_STORAGE_CONTAINER: containerName,
      AZURE_STORAGE_ENDPOINT: endpoint,
    },
    container,
    async keys(prefix) {
      const names: string[] = [];
      for await (const blob of container.listBlobsFlat({ prefix })) names.push(blob.name);
      return names.sort();
    },
    async close() {
      proc.kill('SIGTERM');
      await proc.exited;
    },
  };
}

/**
 * The port Azurite says it listens on (it was given 0: the kernel's choice). Its output is read
 * on to the end, so that a later line never meets a full or closed pipe.
 */
function listeningPort(stdout: ReadableStream<Uint8Array>): Promise<number> {
  return new Promise((resolve, reject) => {
    void (async () => {
      let seen = '';
      const decoder = new TextDecoder();
      for await (const chunk of stdout) {
        if (seen.length < 10_000) seen += decoder.decode(chunk, { stream: true });
        const port = /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen)?.[1];
        if (port) resolve(Number(port));
      }
      reject(new Error(`azurite did not start:\n${seen}`));
    })();
  });
}
