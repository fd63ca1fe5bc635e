import { describe, expect, test } from 'bun:test';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { importCycles } from '../../tools/architecture/cycles';
import { ROOT } from '../support/root';

// No import cycle between files or between concerns (tools/architecture/cycles.ts, run by
// dependency-cruiser): each one found is named.

describe('import cycles', () => {
  test('none between files, none between concerns', async () => {
    expect(await importCycles(ROOT)).toEqual([]);
  }, 30_000);

  test('a cycle planted in a copy of the platform is found and named', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'insightdesk-cycles-'));
    try {
      for (const dir of ['shared', 'services', 'tools', 'tests'])
        for (const file of new Bun.Glob(`${dir}/**/*.ts`).scanSync({ cwd: ROOT }))
          if (!file.includes('node_modules')) {
            mkdirSync(join(copy, dirname(file)), { recursive: true });
            cpSync(join(ROOT, file), join(copy, file));
          }
      // The services reach the platform through its package, as in the checkout.
      cpSync(join(ROOT, 'shared/package.json'), join(copy, 'shared/package.json'));
      mkdirSync(join(copy, 'node_modules/@insightdesk'), { recursive: true });
      symlinkSync('../../shared', join(copy, 'node_modules/@insightdesk/shared'));
      expect(await importCycles(copy)).toEqual([]);

      const plant = (file: string, line: string) =>
        writeFileSync(join(copy, file), `${line}\n${readFileSync(join(copy, file), 'utf8')}`);
      const add = (file: string, text: string) => writeFileSync(join(copy, file), text);
      // Two files of one concern that import each other through a third.
      plant('shared/src/valkey/url.ts', `import type { LuaScript } from './scripts';`);
      // Two concerns that import each other, through files that form no cycle.
      add('shared/src/async/planted.ts', `export { cached } from '../cache/planted';\n`);
      add('shared/src/cache/planted.ts', `export const cached = 1;\n`);
      add('shared/src/cache/uses-async.ts', `export { settled } from '../async/settled';\n`);
      add('shared/src/async/settled.ts', `export const settled = 2;\n`);
      // A file that imports its own concern through the package's name.
      plant('shared/src/lifecycle/order.ts', `import '@insightdesk/shared/lifecycle';`);
      expect(await importCycles(copy)).toEqual(
        [
          'concerns: shared/src/async → shared/src/cache → shared/src/async',
          'files: shared/src/lifecycle/index.ts → shared/src/lifecycle/order.ts → shared/src/lifecycle/index.ts',
          'files: shared/src/valkey/client.ts → shared/src/valkey/url.ts → shared/src/valkey/scripts.ts → shared/src/valkey/client.ts',
        ].sort(),
      );
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
    // It copies every platform file and reads each twice: seconds on a loaded machine.
  }, 60_000);
});
