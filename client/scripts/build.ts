/**
 * Builds the publishable package into client/dist: one ESM module (`index.js`) with its type
 * declarations (`*.d.ts`), and the same as CommonJS (`index.cjs`, `*.d.cts`) for `require`.
 *   bun run build        # in client/ (npm pack and npm publish run it first, as `prepack`)
 * The workspace's own code the client uses (the event id comparison from @insightdesk/shared) is
 * inlined; the public dependencies stay imports, installed beside the package. The build fails
 * when its output imports anything else, so the package cannot ship a dependency it lacks.
 * @insightdesk/shared resolves through the workspace root, which declares it: the client's own
 * manifest does not, so that the manifest npm publishes names no private package.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(import.meta.dir, '..');
const dist = join(root, 'dist');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
const dependencies = Object.keys(manifest.dependencies);

rmSync(dist, { recursive: true, force: true });

for (const format of ['esm', 'cjs'] as const) {
  const result = await Bun.build({
    entrypoints: [join(root, 'src/index.ts')],
    outdir: dist,
    naming: format === 'esm' ? '[name].js' : '[name].cjs',
    // Browser-safe output runs in Node too: the client uses fetch, timers and socket.io-client only.
    target: 'browser',
    format,
    external: dependencies,
  });
  if (!result.success) {
    for (const log of result.logs) console.error(log);
    process.exit(1);
  }
}

// The workspace's tsc (the one `bun run check` runs; the client's own TypeScript 5 is there for
// its APIs, used by the generators, and is several times slower at this).
const workspaceTypeScript = dirname(Bun.resolveSync('typescript/package.json', join(root, '..')));
const tsc = Bun.spawnSync(
  [process.execPath, join(workspaceTypeScript, 'bin/tsc'), '-p', 'tsconfig.build.json'],
  { cwd: root, stdout: 'inherit', stderr: 'inherit' },
);
if (tsc.exitCode !== 0) process.exit(tsc.exitCode ?? 1);

// The CommonJS entry's declarations: the same text as `.d.cts`, each relative import pointing at
// its `.cjs` twin, so that TypeScript under NodeNext types a `require` as CommonJS (a `.d.ts` here
// is ESM: the package is `"type": "module"`). openapi-fetch's own CommonJS declarations
// (`export =` beside named exports) lose its types: its types are taken from its ESM ones
// (`resolution-mode`, TypeScript 5.3 and later), which describe the same client.
for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.d.ts')) continue;
  const text = readFileSync(join(dist, file), 'utf8')
    .replace(/((?:from\s+|import\s*\(\s*)['"]\.{1,2}\/[^'"]+)\.js(['"])/g, '$1.cjs$2')
    .replaceAll(
      'import("openapi-fetch")',
      'import("openapi-fetch", { with: { "resolution-mode": "import" } })',
    );
  if (/from ['"]openapi-fetch['"]/.test(text))
    throw new Error(`${file}: a static import of openapi-fetch's types (use the type query)`);
  writeFileSync(join(dist, file.replace(/\.d\.ts$/, '.d.cts')), text);
}

/** Bare specifiers a built file imports (relative ones point inside dist). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = /\.d\.c?ts$/.test(file)
    ? [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '')
    : new Bun.Transpiler({ loader: 'js' }).scanImports(text).map((i) => i.path);
  return specifiers.filter((s) => !s.startsWith('.'));
}

const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).map((f) => join(dist, f));
const undeclared = files
  .filter((f) => /\.(c?js|d\.c?ts)$/.test(f))
  .flatMap((f) => importsOf(f).map((s) => ({ file: relative(root, f), s })))
  .filter(({ s }) => !dependencies.includes(packageOf(s)));
if (undeclared.length > 0) {
  for (const { file, s } of undeclared) console.error(`${file} imports ${s}: not a dependency`);
  process.exit(1);
}
console.log(`built ${relative(process.cwd(), dist) || dist}: ${files.length} files`);
