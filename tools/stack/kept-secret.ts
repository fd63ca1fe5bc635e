import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** A secret of the local stack kept in a file of .data/: made on first use, this user's alone. */
export function keptSecret(file: string): string {
  if (!existsSync(file))
    writeFileSync(file, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}
