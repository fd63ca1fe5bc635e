import type { Logger } from 'pino';
import { linePartsOf } from './pino-internals';

/** A logger whose lines are pino's plain JSON: no formatters, mixin, hooks or metadata stream. */
const PLAIN_JSON = Symbol('insightdesk.plainJson');

/** Marks a logger built by createLogger's JSON format (its children inherit the mark). */
export function markPlainJson(logger: Logger): Logger {
  Object.defineProperty(logger, PLAIN_JSON, { value: true });
  return logger;
}

export type PlainLineLevel = 'debug' | 'info' | 'warn' | 'error';
/** Flat fields: strings and finite numbers only, under keys that are plain names. */
export type PlainFields = Readonly<Record<string, string | number>>;
export type PlainLineWriter = (level: PlainLineLevel, fields: PlainFields) => void;

// Printable ASCII but `"` and `\`: written as they are, anything else through JSON.stringify.
const VERBATIM = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const jsonString = (s: string) => (VERBATIM.test(s) ? `"${s}"` : JSON.stringify(s));

/**
 * One line per call, byte for byte what `logger[level](fields, msg)` writes, without its
 * general machinery: pino takes an object through its redaction, serializers and stringifier,
 * this builds the string from flat fields — the access line of every request, 1.39 µs against
 * 1.88 (`bench/log-lines.ts`). No redaction: only for fields that never hold secrets. Loggers
 * not built by createLogger's JSON format (pretty, tests' own) go through pino.
 */
export function plainLineWriter(logger: Logger, msg: string): PlainLineWriter {
  if ((logger as { [PLAIN_JSON]?: boolean })[PLAIN_JSON] !== true) {
    const plain = logger.child({}, { redact: [] as unknown as string[] });
    return (level, fields) => {
      plain[level](fields, msg);
    };
  }
  const { stream, time, bindings } = linePartsOf(logger);
  const tail = `,"msg":${JSON.stringify(msg)}}\n`;
  return (level, fields) => {
    const value = logger.levels.values[level] as number;
    if (value < logger.levelVal) return;
    let line = `{"level":${value}${time()}${bindings}`;
    for (const key in fields) {
      const field = fields[key] as string | number;
      line += `,${jsonString(key)}:${
        typeof field === 'number' ? (Number.isFinite(field) ? field : 'null') : jsonString(field)
      }`;
    }
    stream.write(line + tail);
  };
}
