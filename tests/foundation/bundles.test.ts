import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServices, SERVICES } from '../../tools/build-services';

// The bundles the image runs and `./stack up` runs (tools/build-services.ts); that they serve is
// what the rest of the suite shows against the stack (tests/foundation/stack.test.ts checks that
// it runs them). Here: what only shows when a lazy part is first used.
const out = mkdtempSync(join(tmpdir(), 'insightdesk-bundles-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the services bundled', () => {
  test('every chunk loads (the lazy ones: Sentry, OpenTelemetry, sharp, mail parsing, the queue board), with its source map', async () => {
    await buildServices(out);
    for (const service of SERVICES) {
      const files = readdirSync(join(out, service)).filter((f) => f.endsWith('.js'));
      expect(files).toContain('main.js');
      for (const file of files) {
        expect(existsSync(join(out, service, `${file}.map`))).toBe(true);
        if (file !== 'main.js') await import(join(out, service, file));
      }
    }
    // Files read beside their modules are read from the sources, not looked for beside the
    // bundle (which has none of them).
    const api = readFileSync(join(out, 'api', 'main.js'), 'utf8');
    expect(api).toContain('"./migrations", new URL(');
    expect(api).not.toMatch(/new URL\("\.\/[a-z-]+\.lua", import\.meta\.url\)/);
    expect(readdirSync(join(out, 'api')).some((f) => f.endsWith('.lua'))).toBe(false);
  }, 120_000);
});
