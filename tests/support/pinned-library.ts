import { test } from 'bun:test';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A library whose private internals an adapter reaches, at the version they were read from. */
export interface PinnedLibrary {
  readonly name: string;
  readonly version: string;
}

/**
 * The version of `name` that code in `fromDir` imports: the `package.json` named `name` above the
 * file its import resolves to (a package need not export its `package.json`).
 */
export function installedVersion(name: string, fromDir: string): string {
  const entry = Bun.resolveSync(name, fromDir);
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === name && manifest.version) return manifest.version;
    }
    if (dirname(dir) === dir) throw new Error(`${name}: no package.json of its own above ${entry}`);
  }
}

/**
 * Throws, with what to do about it, unless the `library` installed for `fromDir` is the version
 * the adapter `adapter` (a path to name in the message) was written for: the first check of each
 * adapter's contract test, so that a bump fails in seconds with the reason.
 */
export function expectPinned(library: PinnedLibrary, adapter: string, fromDir: string): void {
  const installed = installedVersion(library.name, fromDir);
  if (installed === library.version) return;
  throw new Error(
    `${library.name} ${installed} is installed, and ${adapter} reaches into the private internals ` +
      `of ${library.name} ${library.version}: read each internal it lists in the new version's ` +
      `source, adapt the file, then set its version to ${installed} (docs/patches.md says how a ` +
      'patched package is ported).',
  );
}

/** The first test of an adapter's contract: `library` as installed for `fromDir` is the pinned one. */
export function testPinned(library: PinnedLibrary, adapter: string, fromDir: string): void {
  test(`the installed ${library.name} is the version ${adapter} was written for`, () =>
    expectPinned(library, adapter, fromDir));
}
