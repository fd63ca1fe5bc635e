import { describe, expect, test } from 'bun:test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/root';

// A library's private internals are reached through one adapter file per library, named
// `<library>-internals.ts`, with a contract test beside it pinned to the library's version
// (`testPinned`, tests/support/pinned-library.ts). In the ws service, whose memory and fan-out
// lean on Socket.IO's and the engine's internals, a cast through `unknown` is what reaching one
// looks like: there are none outside its adapters.

const ADAPTER = /-internals(\.test)?\.ts$/;
const CAST = /\bas unknown as\b/;

/** `file:line` of each cast through `unknown` in `files` (paths under ROOT) but adapters. */
function castsOutsideAdapters(files: readonly string[], read: (file: string) => string) {
  return files
    .filter((file) => !ADAPTER.test(file))
    .flatMap((file) =>
      read(file)
        .split('\n')
        .flatMap((line, i) => (CAST.test(line) ? [`${file}:${i + 1}`] : [])),
    );
}

const sources = (dir: string) =>
  [...new Bun.Glob(`${dir}/**/*.ts`).scanSync({ cwd: ROOT })].filter(
    (file) => !file.includes('node_modules'),
  );
const readFromRoot = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('library internals', () => {
  test('services/ws/src casts through unknown only in its adapters', () => {
    expect(castsOutsideAdapters(sources('services/ws/src'), readFromRoot)).toEqual([]);
  });

  test('the count finds a cast planted outside an adapter, and none in an adapter', () => {
    const planted = (file: string) =>
      file === 'services/ws/src/handshake.ts'
        ? `const a = 1;\nconst b = socket.request as unknown as { _query: object };\n`
        : 'const engine = socket.conn as unknown as EngineSocket;\n';
    expect(
      castsOutsideAdapters(
        ['services/ws/src/handshake.ts', 'services/ws/src/bun-engine-internals.ts'],
        planted,
      ),
    ).toEqual(['services/ws/src/handshake.ts:2']);
  });

  test('Renovate holds every patched package, and every library an adapter reaches, for review', () => {
    const manifest = JSON.parse(readFromRoot('package.json')) as {
      patchedDependencies: Record<string, string>;
    };
    const patched = Object.keys(manifest.patchedDependencies).map((key) =>
      key.slice(0, key.lastIndexOf('@')),
    );
    type Rule = { matchPackageNames?: string[]; automerge?: boolean; addLabels?: string[] };
    const rules = (JSON.parse(readFromRoot('renovate.json')) as { packageRules: Rule[] })
      .packageRules;
    const heldBy = (label: string) =>
      rules.find((rule) => rule.addLabels?.includes(label) && rule.automerge === false)
        ?.matchPackageNames ?? [];
    expect(heldBy('patched-dependency').sort()).toEqual(patched.sort());
    const adapted = [...sources('shared/src'), ...sources('services')]
      .filter((file) => file.endsWith('-internals.ts'))
      .map((file) => /name: '([^']+)'/.exec(readFromRoot(file))?.[1]);
    expect(adapted.length).toBeGreaterThan(0);
    const held = [...heldBy('patched-dependency'), ...heldBy('library-internals')];
    expect(held).toEqual(expect.arrayContaining(adapted));
  });

  test('each adapter has a contract test beside it, pinned to its library version', () => {
    const adapters = [...sources('shared/src'), ...sources('services')].filter((file) =>
      file.endsWith('-internals.ts'),
    );
    expect(adapters.length).toBeGreaterThan(0);
    const unpinned = adapters.filter((file) => {
      const contract = join(ROOT, file.replace(/\.ts$/, '.test.ts'));
      return (
        !existsSync(contract) || !/\b(test|expect)Pinned\(/.test(readFileSync(contract, 'utf8'))
      );
    });
    expect(unpinned).toEqual([]);
  });
});
