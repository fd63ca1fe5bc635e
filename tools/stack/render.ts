import { PRETTY_OPTIONS } from '@insightdesk/shared/logger';
import { prettyFactory } from 'pino-pretty';

const pretty = prettyFactory({ ...PRETTY_OPTIONS, colorize: process.stdout.isTTY === true });

/** A JSON log line made readable; any other line (nginx, PostgreSQL, Valkey) as it is. */
export function renderLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    return pretty(line).replace(/\n$/, '');
  } catch {
    return line;
  }
}

/** Splits a byte stream into lines and hands each to `onLine`. */
export function forEachLine(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => {
    if (rest) onLine(rest);
  });
}
