import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildServices } from '../build-services';
import { say } from './output';
import { paths } from './paths';

// The services' bundles for `./stack up` (not --watch): built once per state of the sources, in
// .data/bundles/<hash of the sources>/<service>/main.js, so an `up` after no change builds
// nothing, and a bundle of other sources is never run: the processes' commands name the bundle
// of the sources as they are now, or the sources themselves when it is missing.
const BUNDLES = join(paths.data, 'bundles');
/** What a bundle is made of besides the packages' sources (bun.lock and our patches pin those). */
const SOURCES = [
  'shared/src',
  'helpdesk/src',
  'tests/fixture-product/src',
  'services',
  'tools/build-services.ts',
  'bun.lock',
  'package.json',
  'patches',
];
/** The bundles kept besides the current one (a running service may still load their chunks). */
const KEEP = 2;

/** The files below `dir`, sorted; not into node_modules, nor tests and fetched assets. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !/^(node_modules|assets)$|\.test\.ts$/.test(e.name))
    .flatMap((e) => {
      const path = join(dir, e.name);
      return e.isDirectory() ? filesBelow(path) : e.isFile() ? [path] : [];
    })
    .sort();
}

function sourcesHash(): string {
  const hasher = new Bun.CryptoHasher('sha256');
  // A bundle holds absolute paths of its tree (a CommonJS package's __dirname) and Bun's runtime.
  hasher.update(`${paths.root}\0${Bun.version}\0`);
  for (const source of SOURCES) {
    const path = join(paths.root, source);
    if (!existsSync(path)) continue;
    const files = statSync(path).isDirectory() ? filesBelow(path) : [path];
    for (const file of files) hasher.update(`${file}\0`).update(readFileSync(file)).update('\0');
  }
  return hasher.digest('hex').slice(0, 16);
}

/** The directory of the bundles of the sources as they are, if built. */
export function currentBundles(): string | undefined {
  const dir = join(BUNDLES, sourcesHash());
  return existsSync(join(dir, 'api', 'main.js')) ? dir : undefined;
}

/**
 * Of the running processes, those started from the bundle of other sources than the current
 * ones (the sources changed since): a stack left running across a change would otherwise serve,
 * and be tested as, the code as it was — and, once its bundle is pruned below, fail on the first
 * chunk it loads late. Processes run from the sources (watch mode, a failed build) are never
 * stale: they read the sources as they are.
 */
export function staleBundled(processes: readonly { name: string; pid: number | null }[]): string[] {
  const current = currentBundles();
  if (!current) return [];
  return processes
    .filter(({ pid }) => {
      if (!pid) return false;
      let args: string[];
      try {
        args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      } catch {
        return false; // gone meanwhile
      }
      const bundle = args.find((arg) => arg.startsWith(`${BUNDLES}/`));
      return bundle !== undefined && !bundle.startsWith(`${current}/`);
    })
    .map(({ name }) => name);
}

/** Builds the bundles of the current sources unless they exist; a failed build leaves the sources. */
export async function ensureBundles(): Promise<void> {
  const hash = sourcesHash();
  const dir = join(BUNDLES, hash);
  if (existsSync(join(dir, 'api', 'main.js'))) return;
  say('bundling api, ws, worker and inbound for these sources (once per change)');
  const t0 = performance.now();
  // Built beside, at the same depth (the bundles' relative paths hold), then moved in whole.
  const partial = `${dir}.partial`;
  try {
    await buildServices(partial);
    renameSync(partial, dir);
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    say(`bundling failed, the services run from their sources: ${(err as Error).message}`);
    return;
  }
  say(`bundled in ${(performance.now() - t0).toFixed(0)} ms`);
  const older = readdirSync(BUNDLES)
    .filter((name) => name !== hash)
    .map((name) => ({ name, mtime: statSync(join(BUNDLES, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime)
    .slice(KEEP);
  for (const { name } of older) rmSync(join(BUNDLES, name), { recursive: true, force: true });
}
