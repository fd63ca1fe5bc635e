import { expect, test } from 'bun:test';
import pino from 'pino';
import { testPinned } from '../../../tests/support/pinned-library';
import { linePartsOf, PINO } from './pino-internals';

// The contract of pino-internals.ts: a logger's stream, time function and bindings text.

testPinned(PINO, 'shared/src/logger/pino-internals.ts', import.meta.dir);

test("a logger's destination, its time text and its bindings as JSON text", () => {
  const lines: string[] = [];
  const stream = { write: (line: string) => lines.push(line) };
  const logger = pino({ base: { service: 'api' }, timestamp: () => ',"time":"T"' }, stream).child({
    component: 'http "x"',
  });
  const parts = linePartsOf(logger);
  expect(parts.stream).toBe(stream);
  expect(parts.time()).toBe(',"time":"T"');
  expect(parts.bindings).toBe(',"service":"api","component":"http \\"x\\""');
  // What pino itself writes is made of the same parts.
  logger.info('m');
  expect(lines).toEqual([`{"level":30${parts.time()}${parts.bindings},"msg":"m"}\n`]);
});
