import { expect, setSystemTime, test } from 'bun:test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createLogger, flushLogger, type PlainFields, plainLineWriter } from '.';

const withoutTime = (line: string) => line.replace(/"time":"[^"]*"/, '"time":"T"');

/** An api's JSON logger (as a service builds it) writing to a new file. */
function apiLoggerToNewFile() {
  const file = join(mkdtempSync(join(tmpdir(), 'plain-lines-')), 'out.log');
  const logger = createLogger({
    service: 'api',
    instance: 'api-1',
    level: 'info',
    format: 'json',
    destination: file,
  });
  return { file, logger };
}

/** The lines the logger wrote to `file`, parsed. */
const linesOf = <T>(file: string) =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as T);

// The access line is written by hand (plain-lines.ts): it must stay what pino writes for the
// same fields, whatever the fields hold, so that every reader of our logs parses it the same.
test('a plain line is byte for byte the line pino writes for the same fields', async () => {
  const { file, logger } = apiLoggerToNewFile();
  const child = logger.child({ component: 'http' });
  const write = plainLineWriter(child, 'request');
  const samples: PlainFields[] = [
    { requestId: 'abc', method: 'GET', path: '/api/v1/orgs/1/items', status: 200, ms: 1.2 },
    { path: '/a"quote\\slash\u0001ctl/ümlaut/\u2028/😀', status: 404, ms: 0 },
    { ms: Number.NaN, big: 1e21, negative: -3.5, 'odd "key"': 'x' },
  ];
  const viaPino = child.child({}, { redact: [] as unknown as string[] });
  for (const fields of samples) {
    viaPino.info(fields, 'request');
    write('info', fields);
    viaPino.error(fields, 'request');
    write('error', fields);
  }
  write('debug', { dropped: 'below the level' });
  await flushLogger(logger);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(samples.length * 4);
  for (let i = 0; i < lines.length; i += 2) {
    expect(withoutTime(lines[i + 1] as string)).toBe(withoutTime(lines[i] as string));
    expect(JSON.parse(lines[i + 1] as string)).toMatchObject({
      service: 'api',
      instance: 'api-1',
      component: 'http',
      msg: 'request',
    });
  }
  expect(JSON.parse(lines[1] as string).level).toBe(30);
  expect(JSON.parse(lines[3] as string).level).toBe(50);
  expect(readFileSync(file, 'utf8')).not.toContain('below the level');
});

test('a logger not built by createLogger writes plain lines through pino itself', () => {
  const lines: string[] = [];
  const logger = pino(
    { base: null, timestamp: false, formatters: { level: (label) => ({ level: label }) } },
    { write: (line: string) => lines.push(line) },
  );
  plainLineWriter(logger, 'request')('info', { status: 200 });
  expect(lines).toEqual(['{"level":"info","status":200,"msg":"request"}\n']);
});

test('every line carries the millisecond it was written in', async () => {
  const { file, logger } = apiLoggerToNewFile();
  const write = plainLineWriter(logger, 'request');
  const written: [before: number, after: number][] = [];
  for (let i = 0; i < 5; i++) {
    const before = Date.now();
    write('info', { n: i });
    logger.info({ n: i }, 'through pino');
    written.push([before, Date.now()]);
    await Bun.sleep(3);
  }
  await flushLogger(logger);
  const times = linesOf<{ time: string }>(file).map((line) => line.time);
  expect(times).toHaveLength(10);
  times.forEach((time, i) => {
    expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const [before, after] = written[Math.floor(i / 2)] as [number, number];
    expect(Date.parse(time)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(time)).toBeLessThanOrEqual(after);
  });
});

test('the time is made once per millisecond and follows the clock, backwards too', async () => {
  const { file, logger } = apiLoggerToNewFile();
  const write = plainLineWriter(logger, 'request');
  const at = (iso: string) => {
    setSystemTime(new Date(iso));
    write('info', { at: iso });
    logger.info({ at: iso }, 'through pino');
  };
  try {
    at('2026-01-01T00:00:00.007Z');
    at('2026-01-01T00:00:00.007Z');
    at('2026-01-01T00:00:00.008Z');
    at('2025-12-31T23:59:59.999Z');
  } finally {
    setSystemTime();
  }
  await flushLogger(logger);
  const lines = linesOf<{ at: string; time: string }>(file);
  expect(lines).toHaveLength(8);
  for (const line of lines) expect(line.time).toBe(line.at);
});
