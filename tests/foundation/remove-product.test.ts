import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { platformFeatures } from '@insightdesk/shared/features';
import postgres from 'postgres';
import { declaredVariables } from '../../tools/docs/config-layers';
import { outsideDir } from '../../tools/stack/system';
import { CHECKOUT_TESTS } from '../../tools/stack/test-selection';
import { pathWithThisBun } from '../support/bun-path';
import { freePortBlock } from '../support/ports';
import { ROOT, runStack } from '../support/stack';

// A team that clones the platform for a product of its own removes the help desk: in a copy of
// this checkout (HEAD and the tracked changes), exactly the steps docs/architecture.md gives —
// delete helpdesk/, point the four product files at another product (here the fixture product,
// tests/fixture-product), drop the package from the workspaces, `bun install`, write .env.example
// again — then no variable, flag or table of the help desk is left, the platform type-checks, its
// fast tier passes, and its stack comes up and passes every one of the platform's integration
// tests against the fixture product. This is where those tests run: the whole `./stack test`
// runs this file, not them (tools/stack/test-selection.ts).

const ME = 'tests/foundation/remove-product.test.ts';

/**
 * The platform's integration tests: every test file under tests/ but this one, the fast tier's
 * (tests/architecture, run by `bun run test:unit` below) and those about the git checkout
 * (CHECKOUT_TESTS: the copy is no repository, they run in the checkout) — or those PLATFORM_TESTS names
 * (`./stack test --platform <files…>`).
 */
export const PLATFORM_TESTS = process.env.PLATFORM_TESTS?.trim()
  ? process.env.PLATFORM_TESTS.trim().split(/\s+/)
  : [...new Bun.Glob('tests/**/*.test.ts').scanSync({ cwd: ROOT })]
      .filter(
        (f) =>
          f !== ME &&
          !f.startsWith('tests/architecture/') &&
          !CHECKOUT_TESTS.includes(`./${f}` as (typeof CHECKOUT_TESTS)[number]),
      )
      .sort();
const allOfThem = !process.env.PLATFORM_TESTS?.trim();

const FIXTURE = {
  'services/api/src/product.ts': 'fixtureApi',
  'services/ws/src/product.ts': 'fixtureWs',
  'services/worker/src/product.ts': 'fixtureWorker',
  'services/inbound/src/product.ts': 'fixtureInbound',
};

const parent = mkdtempSync(join(tmpdir(), 'insightdesk-platform-'));
const copy = join(parent, 'platform');
const env: Record<string, string> = {
  PATH: pathWithThisBun(),
  HOME: process.env.HOME ?? '/root',
  LANG: 'C.UTF-8',
};
const run = (cmd: string[], what: string) => {
  const done = Bun.spawnSync(cmd, { cwd: copy, env, stdout: 'pipe', stderr: 'pipe' });
  const output = `${done.stdout.toString()}${done.stderr.toString()}`;
  if (done.exitCode !== 0) throw new Error(`${what} failed (${done.exitCode}):\n${output}`);
  return output;
};

afterAll(async () => {
  if (existsSync(join(copy, 'stack'))) await runStack(['reset'], { root: copy, env });
  rmSync(outsideDir(copy), { recursive: true, force: true });
  rmSync(parent, { recursive: true, force: true });
}, 120_000);

describe('the platform without the help desk, on the fixture product', () => {
  test('builds, passes its fast tier, and its stack passes every platform test', async () => {
    // HEAD and the tracked changes of this checkout (a commit `git stash create` makes, when any).
    const stash = Bun.spawnSync(['git', 'stash', 'create'], { cwd: ROOT }).stdout.toString().trim();
    const archive = Bun.spawn(['git', 'archive', '--prefix=platform/', stash || 'HEAD'], {
      cwd: ROOT,
      stdout: 'pipe',
    });
    const untar = Bun.spawn(['tar', '-x', '-C', parent], { stdin: archive.stdout });
    expect(await untar.exited).toBe(0);

    // 1. The product goes.
    rmSync(join(copy, 'helpdesk'), { recursive: true });
    // 2. The four product files name the fixture product.
    for (const [file, part] of Object.entries(FIXTURE)) {
      const service = file.split('/')[1];
      writeFileSync(
        join(copy, file),
        `export { ${part} as product } from '@insightdesk/fixture-product/${service}';\n`,
      );
    }
    // 3. The workspace no longer lists it; the lockfile follows.
    const manifest = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8'));
    manifest.workspaces = manifest.workspaces.filter((w: string) => w !== 'helpdesk');
    delete manifest.dependencies['@insightdesk/helpdesk'];
    writeFileSync(join(copy, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    run(['bun', 'install'], 'bun install');
    expect(readFileSync(join(copy, 'bun.lock'), 'utf8')).not.toContain('@insightdesk/helpdesk');
    // 4. .env.example is written again: the product's variables and flags go with it.
    run(['bun', 'tools/env-example.ts', '--write'], 'bun tools/env-example.ts --write');
    const productVariables = declaredVariables()
      .filter((v) => v.layer.startsWith('product'))
      .map((v) => v.name);
    expect(productVariables).toContain('FEATURE_ANALYTICS_ENABLED');
    const example = readFileSync(join(copy, '.env.example'), 'utf8');
    expect(productVariables.filter((v) => example.includes(`${v}=`))).toEqual([]);
    // What the platform and the fixture product declare (it has no flag and no variable): the
    // platform's own flags and variables, its tables current.
    const declared = JSON.parse(
      run(
        [
          'bun',
          '-e',
          `import { deploymentCatalog } from '@insightdesk/shared/product';
           import { product } from './services/api/src/product';
           import { declaredVariables } from './tools/docs/config-layers';
           const { features, config } = deploymentCatalog(product.catalog);
           console.log(JSON.stringify({ flags: Object.keys(features), groups: Object.keys(config),
             variables: declaredVariables().map((v) => v.name) }));`,
        ],
        "the platform's declarations",
      ),
    );
    expect(declared.flags).toEqual(Object.keys(platformFeatures));
    expect(declared.groups).toEqual([]);
    expect(productVariables.filter((v) => declared.variables.includes(v))).toEqual([]);
    run(['bun', 'tools/config-table.ts'], 'the configuration tables check');

    // The platform type-checks: its library, services, tools and its tests, the fixture product's
    // included.
    writeFileSync(
      join(copy, 'tsconfig.platform.json'),
      JSON.stringify({
        extends: './tsconfig.json',
        include: ['shared', 'services', 'tools', 'tests'],
      }),
    );
    run(['bun', 'x', 'tsc', '--noEmit', '-p', 'tsconfig.platform.json'], 'the type check');
    // Its fast tier, the architecture tests included (no import of the product is left).
    expect(run(['bun', 'run', 'test:unit'], 'bun run test:unit')).toMatch(/ 0 fail/);

    // Its stack, on free ports, and the platform's integration tests against it.
    const ports = await freePortBlock();
    writeFileSync(
      join(copy, '.env.local'),
      `${Object.entries(ports)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')}\n`,
    );
    const up = await runStack(['up', '-d'], { root: copy, env });
    expect(`${up.stdout}${up.stderr}`).toContain('InsightDesk is up');
    const tested = await runStack(['test', ...PLATFORM_TESTS], { root: copy, env });
    const output = `${tested.stdout}${tested.stderr}`;
    const summary = output.match(/(\d+) passed, (\d+) failed/);
    // Each failure of the copy's run with its reason: the runner prints each one above its summary
    // as a `✗ file:line name` line and its indented reason.
    const failures: string[] = [];
    let inFailure = false;
    for (const line of output.split('\n')) {
      inFailure = line.startsWith('✗') || (inFailure && line.startsWith('    '));
      if (inFailure) failures.push(line);
    }
    expect({ code: tested.code, failed: summary?.[2], failures }).toEqual({
      code: 0,
      failed: '0',
      failures: [],
    });
    expect(Number(summary?.[1])).toBeGreaterThan(allOfThem ? 300 : 0);
    // Migrated by the platform's set and the fixture product's: their journals, no table of the
    // help desk's.
    const { db } = loadConfig({ db: dbConfig }, { dir: copy });
    // As the schema's owner: the services' role may not look into the migrations' schema.
    const sql = postgres(db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const [tables] = await sql`
        select to_regclass('drizzle.__platform_migrations')::text as platform,
               to_regclass('public.users')::text as users,
               to_regclass('drizzle.__fixture_migrations')::text as fixture,
               to_regclass('public.items')::text as items,
               to_regclass('public.tickets')::text as tickets,
               to_regclass('drizzle.__helpdesk_migrations')::text as helpdesk`;
      expect(tables).toEqual({
        platform: 'drizzle.__platform_migrations',
        users: 'users',
        fixture: 'drizzle.__fixture_migrations',
        items: 'items',
        tickets: null,
        helpdesk: null,
      });
    } finally {
      await sql.end();
    }
    const reset = await runStack(['reset'], { root: copy, env });
    expect(reset.code).toBe(0);
  }, 3_600_000);
});
