import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PATH on which `bun` is the Bun running this suite. CI installs it under .tools as `bun.exe`
 * (the npm package's binary) and puts nothing on the PATH, so a script that runs `bun …` — the
 * image's entrypoint, `./stack` in a clone — finds it only through a link named `bun`.
 */
export function pathWithThisBun(): string {
  const bin = join(tmpdir(), `insightdesk-bun-${process.pid}`);
  if (!existsSync(join(bin, 'bun'))) {
    mkdirSync(bin, { recursive: true });
    symlinkSync(process.execPath, join(bin, 'bun'));
  }
  return `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`;
}
