import type pino from 'pino';

// sonic-boom's internals (the writer under `pino.destination`), reached here and nowhere else:
// `_len`, what the writer holds (being written or waiting) in bytes, which it does not expose
// (sonic-boom-internals.test.ts exercises it against the pinned version).

/** The version whose internals this file was written against (pino 10's dependency). */
export const SONIC_BOOM = { name: 'sonic-boom', version: '4.2.1' } as const;

type Writer = ReturnType<typeof pino.destination>;

/** What `writer` holds, being written or waiting to be: 0 once everything handed to it is written. */
export const heldBy = (writer: Writer): number => (writer as unknown as { _len: number })._len;
