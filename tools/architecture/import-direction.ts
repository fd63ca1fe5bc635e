import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The platform below, the product above: no file of the platform imports the product (its
 * package, `@insightdesk/helpdesk`, or a path into `helpdesk/`) but the four files that name the
 * product each service runs. (bench/ and client/ serve the deployment as a whole, not checked.)
 */
export const PLATFORM = ['shared', 'services', 'tools', 'tests'];
export const PRODUCT_DIR = 'helpdesk';
export const PRODUCT_PACKAGE = '@insightdesk/helpdesk';
export const PRODUCT_FILES = [
  'services/api/src/product.ts',
  'services/ws/src/product.ts',
  'services/worker/src/product.ts',
  'services/inbound/src/product.ts',
];

const SPECIFIERS =
  /(?:^|[^\w.])(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a TypeScript file names (static and dynamic imports, re-exports). */
export function specifiersOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/[^\n]*/g, '$1');
  return [...code.matchAll(SPECIFIERS)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** `file imports target` for each import of the product from a platform file under `root`. */
export function productImports(root: string): string[] {
  const files = PLATFORM.flatMap((dir) => [
    ...new Bun.Glob(`${dir}/**/*.{ts,mts,js,mjs}`).scanSync({ cwd: root, dot: false }),
  ]).filter((f) => !f.includes('node_modules') && !PRODUCT_FILES.includes(f));
  const found: string[] = [];
  for (const file of files) {
    for (const specifier of specifiersOf(readFileSync(join(root, file), 'utf8'))) {
      const intoProduct =
        specifier === PRODUCT_PACKAGE ||
        specifier.startsWith(`${PRODUCT_PACKAGE}/`) ||
        (specifier.startsWith('.') &&
          relative(root, resolve(root, dirname(file), specifier)).split('/')[0] === PRODUCT_DIR);
      if (intoProduct) found.push(`${file} imports ${specifier}`);
    }
  }
  return found;
}

if (import.meta.main) {
  const found = productImports(resolve(import.meta.dir, '../..'));
  for (const line of found) console.error(line);
  process.exit(found.length > 0 ? 1 : 0);
}
