import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface CaughtMail {
  readonly file: string;
  readonly receivedAt: Date;
  readonly headers: Readonly<Record<string, string>>;
  readonly raw: string;
}

/** Messages the local SMTP catcher stored in Maildir form, newest first. */
export function readMaildir(dir: string): CaughtMail[] {
  const files = ['new', 'cur']
    .map((sub) => join(dir, sub))
    .filter((sub) => existsSync(sub))
    .flatMap((sub) => readdirSync(sub).map((name) => join(sub, name)));
  return files
    .map((file) => {
      const raw = readFileSync(file, 'utf8');
      return { file, receivedAt: statSync(file).mtime, headers: parseHeaders(raw), raw };
    })
    .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
}

function parseHeaders(raw: string): Record<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const headers: Record<string, string> = {};
  let last = '';
  for (const line of head.split(/\r?\n/)) {
    if (/^\s/.test(line) && last) {
      headers[last] += ` ${line.trim()}`;
      continue;
    }
    const i = line.indexOf(':');
    if (i <= 0) continue;
    last = line.slice(0, i).toLowerCase();
    headers[last] = line.slice(i + 1).trim();
  }
  return headers;
}
