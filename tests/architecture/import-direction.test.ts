import { describe, expect, test } from 'bun:test';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  PLATFORM,
  PRODUCT_FILES,
  productImports,
  specifiersOf,
} from '../../tools/architecture/import-direction';
import { ROOT } from '../support/root';

// The platform never imports the product: what table-owners.test.ts is to tables, this is to
// imports. The four product.ts files are the only door (docs/architecture.md).

describe('import direction', () => {
  test('no platform file imports the product, but the four that name it', () => {
    expect(productImports(ROOT)).toEqual([]);
    for (const file of PRODUCT_FILES)
      expect(specifiersOf(readFileSync(join(ROOT, file), 'utf8'))).toEqual([
        expect.stringMatching(/^@insightdesk\/(helpdesk|fixture-product|shared)\//),
      ]);
  });

  test('the check finds each way of importing the product, planted in a copy of the platform', () => {
    const copy = mkdtempSync(join(tmpdir(), 'insightdesk-imports-'));
    try {
      const tracked = PLATFORM.flatMap((dir) => [
        ...new Bun.Glob(`${dir}/**/*.ts`).scanSync({ cwd: ROOT }),
      ]).filter((f) => !f.includes('node_modules'));
      for (const file of tracked) {
        mkdirSync(join(copy, dirname(file)), { recursive: true });
        cpSync(join(ROOT, file), join(copy, file));
      }
      expect(productImports(copy)).toEqual([]);
      const plant = (file: string, line: string) =>
        writeFileSync(join(copy, file), `${line}\n${readFileSync(join(copy, file), 'utf8')}`);
      // Spelled in pieces, so that this file itself imports nothing of the product.
      const product = ['@insightdesk', 'helpdesk'].join('/');
      plant('shared/src/queues/producer.ts', `import { helpdeskQueues } from '${product}';`);
      plant(
        'services/worker/src/consumers.ts',
        `import type { Ticket } from '../../../${'helpdesk'}/src/schemas';`,
      );
      plant('tools/stack/cli.ts', `const api = await import('${product}/api');`);
      plant('tests/api/auth.test.ts', `export { helpdeskWs } from '${product}/ws';`);
      expect(productImports(copy).sort()).toEqual(
        [
          'services/worker/src/consumers.ts imports ../../../helpdesk/src/schemas',
          'shared/src/queues/producer.ts imports @insightdesk/helpdesk',
          'tests/api/auth.test.ts imports @insightdesk/helpdesk/ws',
          'tools/stack/cli.ts imports @insightdesk/helpdesk/api',
        ].sort(),
      );
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
    // It copies every platform file: seconds on a loaded machine.
  }, 30_000);
});
