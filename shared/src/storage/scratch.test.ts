import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { purgeScratch, scratchPath, scratchWriter } from './scratch';

const dir = mkdtempSync(join(tmpdir(), 'scratch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scratch files', () => {
  test('a writer gzips what it is given, piece by piece, and answers the file size', async () => {
    const path = await scratchPath(dir, 'export');
    const out = scratchWriter(path, { gzip: true });
    const lines = Array.from({ length: 20_000 }, (_, i) => `{"n":${i},"text":"ü ✓ 🚀"}\n`);
    for (const line of lines) await out.write(line);
    await out.write(new TextEncoder().encode('{"end":true}\n'));
    const bytes = await out.end();
    const file = Bun.file(path);
    expect(bytes).toBe(file.size);
    expect(gunzipSync(await file.bytes()).toString()).toBe(`${lines.join('')}{"end":true}\n`);
  });

  test('the purge removes files older than a day, and only those', async () => {
    const old = await scratchPath(dir, 'upload');
    const fresh = await scratchPath(dir, 'upload');
    writeFileSync(old, 'left by a killed process');
    writeFileSync(fresh, 'in flight');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600_000);
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    expect(await purgeScratch(dir)).toBe(1);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(await purgeScratch(join(dir, 'missing'))).toBe(0);
  });
});
