import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { Storage } from './types';

const KEY = /^[A-Za-z0-9-]+(?:\/[A-Za-z0-9.-]+)*$/;

function sign(secret: string, key: string, expires: number): string {
  return createHmac('sha256', secret).update(`${key}\n${expires}`).digest('base64url');
}

/**
 * Files on a local disk (shared by the api and the workers), served by the api at
 * `/api/v1/files/<key>?expires=&sig=` with an HMAC over key and expiry. Keys are made by the
 * platform (organization and attachment ids), never from user input, and checked anyway.
 */
/** What the api needs of the local driver to serve its signed URLs. */
export interface LocalFiles {
  verify(
    key: string,
    expires: string | undefined,
    sig: string | undefined,
  ): 'ok' | 'expired' | 'invalid';
  pathOf(key: string): string;
}

export function createLocalStorage(options: {
  dir: string;
  publicUrl: string;
  secret: string;
}): Storage & LocalFiles {
  const root = resolve(options.dir, 'files');
  const pathOf = (key: string) => {
    if (!KEY.test(key) || key.includes('..')) throw new Error('invalid storage key');
    const path = resolve(root, key);
    if (!path.startsWith(root + sep)) throw new Error('invalid storage key');
    return path;
  };
  return {
    driver: 'local',
    pathOf,
    async putFile(key, path) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      await rename(path, target);
    },
    async putBytes(key, bytes) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, bytes);
    },
    async read(key) {
      return new Uint8Array(await Bun.file(pathOf(key)).arrayBuffer());
    },
    async stream(key) {
      const file = Bun.file(pathOf(key));
      // A missing file would only fail at the first read: said here, as `read` says it.
      if (!(await file.exists())) throw new Error(`no stored file ${key}`);
      return file.stream();
    },
    signedUrl(key, { ttlSeconds }) {
      const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
      return `${options.publicUrl}/api/v1/files/${key}?expires=${expires}&sig=${sign(options.secret, key, expires)}`;
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    verify(key, expires, sig) {
      const at = Number(expires);
      if (!KEY.test(key) || !sig || !Number.isInteger(at)) return 'invalid';
      const expected = Buffer.from(sign(options.secret, key, at));
      const given = Buffer.from(sig);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
      return at * 1000 < Date.now() ? 'expired' : 'ok';
    },
  };
}
