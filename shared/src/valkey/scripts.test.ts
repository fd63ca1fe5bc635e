import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Every Lua script of the repository: its own file, `#!lua` first (script flags: a cluster holds
// its keys to their declared slots), and a header naming each KEYS[n] and ARGV[n] it uses.

const ROOT = resolve(import.meta.dir, '../../..');
const scripts = [...new Bun.Glob('{shared,services,helpdesk}/**/*.lua').scanSync(ROOT)].filter(
  (f) => !f.includes('node_modules'),
);

describe('Lua scripts', () => {
  test('there are some, each in its own file', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(5);
  });

  for (const file of scripts) {
    test(`${file}: #!lua, then a header naming every KEYS and ARGV it uses`, () => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const [first, ...rest] = text.split('\n');
      expect(first).toMatch(/^#!lua( flags=[\w-]+)?$/);
      const header = rest.filter((l) => l.startsWith('--')).join('\n');
      const body = rest.filter((l) => !l.startsWith('--')).join('\n');
      for (const [used] of body.matchAll(/\b(KEYS|ARGV)\[\d+\]/g))
        expect({ file, named: header.includes(used) }).toEqual({ file, named: true });
    });
  }
});
