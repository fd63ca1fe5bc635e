/**
 * Builds the publishable package into client/dist with Node and the client's own TypeScript, so
 * that `npm pack` and `npm publish` need npm alone (they run it first, as `prepack`):
 *   npm run build     # in client/
 * Each module of src/ becomes an ES module (`.js`) and its CommonJS twin (`.cjs`, its relative
 * requires pointing at `.cjs`), with type declarations (`.d.ts`, and `.d.cts` for `require`). The
 * one module of the workspace the client uses (the event id comparison of @insightdesk/shared) is
 * compiled in beside them (`event-ids.*`); the public dependencies stay imports, installed beside
 * the package. The build fails when its output imports anything else, so the package cannot ship
 * a dependency it lacks.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const ts = require('typescript');
const src = join(root, 'src');
const dist = join(root, 'dist');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dependencies = Object.keys(manifest.dependencies);

/** Workspace modules compiled into the package: specifier → source and the name it gets. */
const INLINED = {
  '@insightdesk/shared/realtime/ids': {
    source: join(root, '../shared/src/realtime/ids.ts'),
    as: 'event-ids',
  },
};

const sourcesOf = (dir) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .map((f) => ({ source: join(dir, f), out: f.replace(/\.ts$/, '') }));

/** One module as ESM or CommonJS, its specifiers pointing at the package's own files. */
function compile(source, out, format) {
  const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
    fileName: source,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: format === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      esModuleInterop: true,
      isolatedModules: true,
      sourceMap: false,
    },
  });
  const extension = format === 'esm' ? '.js' : '.cjs';
  const fromHere = (target) => {
    const path = posix.relative(posix.dirname(out), target);
    return path.startsWith('.') ? path : `./${path}`;
  };
  let text = outputText;
  for (const [specifier, { as }] of Object.entries(INLINED))
    for (const quote of ['"', "'"])
      text = text.replaceAll(`${quote}${specifier}${quote}`, `'${fromHere(as)}${extension}'`);
  // Relative specifiers are written `./x.js` in the sources (NodeNext); the CommonJS build
  // requires its own twins.
  if (format === 'cjs')
    text = text.replace(/(require\(['"]\.{1,2}\/[^'"]+)\.js(['"]\))/g, '$1.cjs$2');
  mkdirSync(dirname(join(dist, out)), { recursive: true });
  writeFileSync(join(dist, `${out}${extension}`), text);
}

rmSync(dist, { recursive: true, force: true });
const modules = [
  ...sourcesOf(src),
  ...Object.values(INLINED).map(({ source, as }) => ({ source, out: as })),
];
for (const { source, out } of modules)
  for (const format of ['esm', 'cjs']) compile(source, out, format);

// Declarations, by the client's own TypeScript (tsconfig.build.json: src/ only).
const tsc = spawnSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

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

/** Specifiers a built file imports or requires. */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(
      /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm,
    ),
  ].map((m) => m[1]);
}

const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

const files = readdirSync(dist, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(c?js|d\.c?ts)$/.test(f))
  .map((f) => join(dist, f));
const problems = [];
for (const file of files)
  for (const specifier of importsOf(file)) {
    if (specifier.startsWith('.')) {
      // A relative import names a file the package holds (declarations may omit the extension).
      const target = join(dirname(file), specifier);
      const candidates = [
        target,
        `${target}.d.ts`,
        target.replace(/\.c?js$/, (e) => `.d.${e.slice(1, -2)}ts`),
      ];
      if (!candidates.some((c) => existsSync(c)))
        problems.push(`${relative(root, file)} imports ${specifier}: not in dist`);
    } else if (!dependencies.includes(packageOf(specifier)))
      problems.push(`${relative(root, file)} imports ${specifier}: not a dependency`);
  }
if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`built ${relative(process.cwd(), dist) || dist}: ${files.length} files`);
