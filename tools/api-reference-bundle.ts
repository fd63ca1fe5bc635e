/**
 * The API reference's browser bundle (`/api/docs/api-reference.js`): Scalar's standalone build,
 * one self-contained file inside the `@scalar/api-reference` npm package. Only that package's
 * tarball is fetched (through the registry Bun is configured with), checked against the pinned
 * integrity and the one file taken out of it: installing the package would bring its whole
 * dependency tree (Vue components, an AI chat with the `ai` SDK), none of which the file needs.
 *
 *   bun tools/api-reference-bundle.ts [dest]   # default: services/api/assets/api-reference.js
 *
 * ./stack runs it for a checkout, deploy/Dockerfile for the image. Quiet and quick when `dest`
 * already holds this version. To update: change VERSION and INTEGRITY (`bun pm view
 * @scalar/api-reference@<version> dist.integrity`), then run `./stack test tests/browser/api-reference`.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const PACKAGE = '@scalar/api-reference';
export const VERSION = '1.72.1';
export const INTEGRITY =
  'sha512-XpEJ0rfc/cXbCrR+iC4kK0o/WwX2dTtGQbT049OlPKAHD6IMIFdTeGz2r+M27P2EDWKyUITRm/NzlP8z2pw/Ow==';
const FILE = 'package/dist/browser/standalone.js';

export const DEFAULT_DEST = join(import.meta.dir, '../services/api/assets/api-reference.js');

/** The file named `name` in an (uncompressed) tar archive: ustar headers, 512-byte blocks. */
export function fileFromTar(tar: Uint8Array, name: string): Uint8Array | undefined {
  const text = (from: number, length: number) =>
    new TextDecoder().decode(tar.subarray(from, from + length)).replace(/\0.*$/s, '');
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const entry = text(offset, 100);
    if (entry === '') return undefined; // the end: zero blocks
    const prefix = text(offset + 345, 155);
    const size = Number.parseInt(text(offset + 124, 12).trim() || '0', 8);
    const type = text(offset + 156, 1);
    const start = offset + 512;
    if ((type === '0' || type === '') && (prefix ? `${prefix}/${entry}` : entry) === name)
      return tar.subarray(start, start + size);
    offset = start + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

function sri(bytes: Uint8Array): string {
  return `sha512-${new Bun.CryptoHasher('sha512').update(bytes).digest('base64')}`;
}

export async function fetchBundle(dest = DEFAULT_DEST): Promise<'present' | 'fetched'> {
  const stamp = `${dest}.version`;
  if (existsSync(dest) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === VERSION)
    return 'present';
  const view = Bun.spawnSync(
    [process.execPath, 'pm', 'view', `${PACKAGE}@${VERSION}`, 'dist', '--json'],
    {
      cwd: dirname(import.meta.dir),
      stderr: 'pipe',
    },
  );
  if (view.exitCode !== 0)
    throw new Error(`bun pm view ${PACKAGE}@${VERSION} failed: ${view.stderr.toString().trim()}`);
  const dist = JSON.parse(view.stdout.toString()) as { tarball: string; integrity: string };
  if (dist.integrity !== INTEGRITY)
    throw new Error(
      `${PACKAGE}@${VERSION}: the registry lists ${dist.integrity}, pinned ${INTEGRITY}`,
    );
  const res = await fetch(dist.tarball);
  if (!res.ok) throw new Error(`${PACKAGE}@${VERSION}: the tarball answered ${res.status}`);
  const tarball = new Uint8Array(await res.arrayBuffer());
  if (sri(tarball) !== INTEGRITY)
    throw new Error(`${PACKAGE}@${VERSION}: the tarball does not match its pinned integrity`);
  const file = fileFromTar(Bun.gunzipSync(tarball), FILE);
  if (!file) throw new Error(`${PACKAGE}@${VERSION} has no ${FILE}`);
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(`${dest}.part`, file);
  renameSync(`${dest}.part`, dest);
  writeFileSync(stamp, `${VERSION}\n`);
  return 'fetched';
}

if (import.meta.main) {
  const dest = process.argv[2] ?? DEFAULT_DEST;
  try {
    if ((await fetchBundle(dest)) === 'fetched')
      console.error(`==> fetched the API reference bundle (${PACKAGE}@${VERSION}) into ${dest}`);
  } catch (err) {
    console.error(`api-reference bundle: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
