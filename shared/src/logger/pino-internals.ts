import pino, { type Logger } from 'pino';

// pino's internals, reached here and nowhere else: through the symbols pino exports for
// integrations (`pino.symbols`), a logger's destination (`streamSym`), its time function
// (`timeSym`: the line's `,"time":…` text) and its bindings as JSON text (`chindingsSym`:
// `,"key":value…`). pino-internals.test.ts exercises each against the pinned version;
// plain-lines.test.ts holds the lines built from them to pino's own, byte for byte.

/** The version whose internals this file was written against. */
export const PINO = { name: 'pino', version: '10.4.0' } as const;

/** What a line of `logger` is made of besides its level, fields and message. */
export interface LineParts {
  readonly stream: { write(line: string): unknown };
  readonly time: () => string;
  readonly bindings: string;
}

export function linePartsOf(logger: Logger): LineParts {
  const internals = logger as unknown as { [key: symbol]: unknown };
  return {
    stream: internals[pino.symbols.streamSym] as LineParts['stream'],
    time: internals[pino.symbols.timeSym] as LineParts['time'],
    bindings: internals[pino.symbols.chindingsSym] as string,
  };
}
