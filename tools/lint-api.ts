/**
 * `bun run lint:api`: Spectral (spectral:oas and the OWASP API Security ruleset, configured by
 * .spectral.yaml) on the OpenAPI document, generated in this process from the api's routes: no
 * stack, no database. Fails on any error or warning. `tests/api/openapi-lint.test.ts` checks
 * that this document is the one the running api serves.
 *
 *   bun tools/lint-api.ts          # lint
 *   bun tools/lint-api.ts --print  # the document, as JSON
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpConfig, loadConfig, storageConfig } from '@insightdesk/shared/config';
import { deploymentCatalog } from '@insightdesk/shared/product';
import { apiRoutes } from '../services/api/src/app';
import type { ApiDeps } from '../services/api/src/deps';
import { product } from '../services/api/src/product';

const ROOT = join(import.meta.dir, '..');

/**
 * Dependencies that are never called: building the routes only captures them (handlers and
 * middleware run per request, and no request but the document's is made). The settings the
 * document states (the upload limit) are the configuration's, as the api's own main.ts passes them.
 */
function inert(settings: Partial<ApiDeps>): ApiDeps {
  const empty: Record<string | symbol, unknown> = {
    length: 0, // an empty list (of queues, of instances…)
    [Symbol.iterator]: function* () {},
    [Symbol.toPrimitive]: () => 0,
  };
  const value: object = new Proxy(() => value, {
    // Not a thenable: an awaited value stays itself.
    get: (_target, key) => (key === 'then' ? undefined : key in empty ? empty[key] : value),
  });
  return new Proxy(settings, {
    get: (target, key) => (key in target ? target[key as keyof ApiDeps] : value),
  }) as ApiDeps;
}

/**
 * The api's routes as mounted under `/api` (the platform's and its product's), built with
 * dependencies that are never called: what the document is generated from, and what
 * `tests/api/router.test.ts` matches paths against.
 */
export function inertApiRoutes() {
  const config = loadConfig({ http: httpConfig, storage: storageConfig }, { dir: ROOT });
  const catalog = deploymentCatalog(product.catalog);
  const deps = inert({
    // The deployment's roles: the document lists them (`roleSchema`), as the api's own does.
    memberships: { roles: catalog.roles } as ApiDeps['memberships'],
    files: {
      dir: config.storage.dir,
      uploadLimitBytes: config.http.uploadLimitBytes,
      urlTtlSeconds: config.storage.urlTtlSeconds,
    },
  });
  const productConfig = loadConfig(catalog.config, { dir: ROOT });
  return apiRoutes(deps, { ...config.http, demo: false }, product, productConfig);
}

/** The OpenAPI document as `/api/openapi.json` serves it (the platform's routes and its product's). */
export async function openApiDocument(): Promise<unknown> {
  const res = await inertApiRoutes().request('/openapi.json');
  if (!res.ok) throw new Error(`the document answered ${res.status}`);
  return res.json();
}

interface Finding {
  readonly code: string;
  readonly severity: number; // 0 error, 1 warning, 2 info, 3 hint
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Spectral's errors and warnings on the document, one line each. */
export async function lintApi(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'insightdesk-lint-api-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(await openApiDocument()));
    const proc = Bun.spawn(
      [
        join(ROOT, 'node_modules/.bin/spectral'),
        'lint',
        file,
        '--ruleset',
        join(ROOT, '.spectral.yaml'),
        '--format',
        'json',
        '--quiet',
      ],
      { cwd: ROOT, stdout: 'pipe', stderr: 'pipe' },
    );
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    // Spectral exits 1 with findings, 2 when it could not run (a broken ruleset).
    if (code > 1 || err.trim()) throw new Error(`spectral failed (${code}): ${err.trim()}`);
    const findings: Finding[] = out.trim() ? JSON.parse(out) : [];
    return findings
      .filter((f) => f.severity <= 1)
      .map(
        (f) =>
          `${f.severity === 0 ? 'error' : 'warning'} ${f.code} ${f.path.join('/')}: ${f.message}`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  if (process.argv.includes('--print')) {
    console.log(JSON.stringify(await openApiDocument(), null, 2));
  } else {
    const problems = await lintApi();
    for (const line of problems) console.error(line);
    console.log(`lint:api: ${problems.length} errors or warnings in the OpenAPI document`);
    process.exit(problems.length === 0 ? 0 : 1);
  }
}
