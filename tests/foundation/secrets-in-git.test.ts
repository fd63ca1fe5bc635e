import { expect, test } from 'bun:test';
import { ROOT } from '../support/stack';

test('.env files are ignored by git (secrets live there), except the documented example', () => {
  const ignored = (path: string) =>
    Bun.spawnSync(['git', 'check-ignore', '-q', '--no-index', path], { cwd: ROOT }).exitCode === 0;
  for (const path of ['.env', '.env.local', '.env.production', '.env.staging.local'])
    expect(ignored(path)).toBe(true);
  expect(ignored('.env.example')).toBe(false);
});
