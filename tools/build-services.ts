import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

// The services bundled for a production start: `bun tools/build-services.ts [outdir]` writes
// `<outdir>/<service>/main.js` (default `dist/`), which the image's entrypoint runs.
//
// Why: importing a service from its sources costs ~1,300 files' resolution, reading and
// transpiling on every start; the same graph bundled loads in about half the CPU (bench/README.md,
// `bench/start.ts`). The lazy `import()`s stay lazy (split chunks). Watch mode and the tests keep
// running the sources.
//
// A bundle is for the tree it was built in (the image builds and runs at /app): the packages it
// keeps external are referred to by their path relative to the bundle, and a CommonJS package's
// `__dirname` is inlined as the path it was built from.
const ROOT = join(import.meta.dir, '..');
export const SERVICES = ['api', 'ws', 'worker', 'inbound'] as const;

/**
 * Loaded where they are installed, not bundled: Sentry's SDK and OpenTelemetry's (both loaded
 * only when configured; their instrumentation hooks modules as Node loads them), sharp (a native
 * addon), the SDKs that read files beside their own modules, and bull-board (its UI is found
 * with `require.resolve`, which an ES module bundle does not have).
 */
const EXTERNAL = /^(@sentry\/|@opentelemetry\/|@bull-board\/|sharp$|cloudinary$|pino-pretty$)/;

/**
 * Our sources, where `import.meta.url` must keep naming the source file (see below): the
 * platform's, the services', the help desk's and the fixture product's (tests/fixture-product).
 */
const OURS =
  /[/\\](shared|helpdesk|tests[/\\]fixture-product|services[/\\][^/\\]+)[/\\]src[/\\].*\.ts$/;

const toUrlPath = (path: string) => path.split(sep).join('/');

export async function buildServices(outdir = join(ROOT, 'dist')): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  for (const service of SERVICES) {
    const serviceDir = join(outdir, service);
    const result = await Bun.build({
      entrypoints: [join(ROOT, `services/${service}/src/main.ts`)],
      outdir: serviceDir,
      root: join(ROOT, `services/${service}/src`),
      target: 'bun',
      splitting: true,
      sourcemap: 'linked',
      plugins: [
        {
          name: 'insightdesk-paths',
          setup(build) {
            // Every output file lies in `serviceDir`: a path relative to it holds wherever the
            // tree is.
            build.onResolve({ filter: EXTERNAL }, (args) => ({
              path: `./${toUrlPath(relative(serviceDir, Bun.resolveSync(args.path, dirname(args.importer))))}`,
              external: true,
            }));
            // Files read beside their module (Lua scripts, the migrations folders, the API
            // reference asset) stay where they are: `import.meta.url` names the source file.
            build.onLoad({ filter: OURS }, (args) => {
              const text = readFileSync(args.path, 'utf8');
              const source = JSON.stringify(toUrlPath(relative(serviceDir, args.path)));
              return {
                loader: 'ts',
                contents: text.replaceAll(
                  'import.meta.url',
                  `new URL(${source}, import.meta.url).href`,
                ),
              };
            });
          },
        },
      ],
    });
    if (!result.success) {
      for (const log of result.logs) console.error(String(log));
      throw new Error(`could not bundle the ${service}`);
    }
  }
}

if (import.meta.main) {
  const t0 = performance.now();
  const outdir = process.argv[2] ? join(process.cwd(), process.argv[2]) : undefined;
  await buildServices(outdir);
  console.error(`bundled ${SERVICES.join(', ')} in ${Math.round(performance.now() - t0)} ms`);
}
