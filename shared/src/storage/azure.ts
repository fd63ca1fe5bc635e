import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  BlobSASPermissions,
  BlobServiceClient,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import { attachmentDisposition } from './disposition';
import type { Storage } from './types';

export interface AzureSettings {
  readonly account: string;
  /** The account's key (base64), which signs requests and SAS links. */
  readonly accountKey: string;
  readonly container: string;
  /** The Blob service's URL; unset: `https://<account>.blob.core.windows.net` (Azurite: its own). */
  readonly endpoint?: string;
}

/** Blocks of a streamed upload, and how many go at once: 4 MiB × 4 in flight at most. */
const BLOCK_BYTES = 4 * 1024 * 1024;
const BLOCKS_IN_FLIGHT = 4;

/**
 * Azure Blob Storage on Microsoft's SDK (`@azure/storage-blob`): uploads stream from the upload's
 * temporary file in blocks (never read whole), downloads are service SAS links — read-only, for
 * one blob, expiring after the given lifetime, and overriding the response's Content-Type and
 * Content-Disposition (a download, as the other drivers' links are), all covered by the
 * signature — so the bytes never pass through the api. The container is the operator's: created
 * with the account, private (no anonymous access).
 */
export function createAzureStorage(settings: AzureSettings): Storage {
  const credential = new StorageSharedKeyCredential(settings.account, settings.accountKey);
  const endpoint = (
    settings.endpoint ?? `https://${settings.account}.blob.core.windows.net`
  ).replace(/\/$/, '');
  const container = new BlobServiceClient(endpoint, credential).getContainerClient(
    settings.container,
  );
  const blob = (key: string) => container.getBlockBlobClient(key);

  return {
    driver: 'azure',
    async putFile(key, path, contentType) {
      await blob(key).uploadStream(createReadStream(path), BLOCK_BYTES, BLOCKS_IN_FLIGHT, {
        blobHTTPHeaders: { blobContentType: contentType },
      });
      await unlink(path);
    },
    async putBytes(key, bytes, contentType) {
      await blob(key).uploadData(bytes, { blobHTTPHeaders: { blobContentType: contentType } });
    },
    async read(key) {
      return new Uint8Array(await blob(key).downloadToBuffer());
    },
    async stream(key) {
      const { readableStreamBody } = await blob(key).download();
      if (!readableStreamBody) throw new Error(`azure: no body for ${key}`);
      return Readable.toWeb(readableStreamBody as Readable) as ReadableStream<Uint8Array>;
    },
    signedUrl(key, { ttlSeconds, contentType, filename }) {
      const sas = generateBlobSASQueryParameters(
        {
          containerName: settings.container,
          blobName: key,
          permissions: BlobSASPermissions.parse('r'),
          // A minute's grace for clocks behind ours, as Microsoft's guidance has it.
          startsOn: new Date(Date.now() - 60_000),
          expiresOn: new Date(Date.now() + ttlSeconds * 1000),
          contentType,
          contentDisposition: attachmentDisposition(filename),
        },
        credential,
      );
      return `${blob(key).url}?${sas.toString()}`;
    },
    async delete(key) {
      await blob(key).deleteIfExists();
    },
  };
}
