import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { purgeScratch, ScratchFileTooLarge, scratchPath, scratchWriter } from './scratch';

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

  test('a writer past its bound throws instead of writing on', async () => {
    const out = scratchWriter(await scratchPath(dir, 'bounded'), { maxBytes: 64 * 1024 });
    const chunk = 'x'.repeat(16 * 1024);
    const written = async () => {
      for (let i = 0; i < 1000; i++) await out.write(chunk);
    };
    await expect(written()).rejects.toBeInstanceOf(ScratchFileTooLarge);
    out.abort();
  });

  test('the purge removes scratch files older than a day, and only those', async () => {
    const old = await scratchPath(dir, 'upload');
    const fresh = await scratchPath(dir, 'upload');
    const other = join(dir, 'notes.txt');
    const outside = join(dir, '..', `outside-${Date.now()}`);
    const link = await scratchPath(dir, 'link');
    writeFileSync(old, 'left by a killed process');
    writeFileSync(fresh, 'in flight');
    writeFileSync(other, 'not a scratch file');
    writeFileSync(outside, 'what a link points to');
    symlinkSync(outside, link);
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600_000);
    for (const path of [old, other, outside]) utimesSync(path, twoDaysAgo, twoDaysAgo);
    expect(await purgeScratch(dir)).toBe(1);
    expect(existsSync(old)).toBe(false);
    expect([fresh, other, outside, link].map((path) => existsSync(path))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    rmSync(outside);
    expect(await purgeScratch(join(dir, 'missing'))).toBe(0);
  });
});
