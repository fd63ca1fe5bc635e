import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createLogger, LOG_BATCH, LOG_FLUSH_MS, plainLineWriter } from '@insightdesk/shared/logger';
import type pinoModule from '../shared/node_modules/pino';
import { fmt, median, ROOT, spread } from './lib';

// The CPU of one access line, written as the api writes it (plain-lines.ts: the JSON built from
// its flat fields, gathered by line-batch.ts before the writer), against the same line through
// pino's general path (`logger.info(fields, msg)`, gathered the same way), and handed by pino to
// the writer (sonic-boom) one at a time, as before line-batch.ts. In process, rounds alternating:
//
//   bun bench/log-lines.ts > /dev/null      # BENCH_LINES=20000 BENCH_ROUNDS=12
//
// The lines go to stdout; the figures to stderr. A round yields to the event loop every 100
// lines, as a server does between requests, so the writes complete meanwhile and their cost is
// in the figure.
const LINES = Number(process.env.BENCH_LINES ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);

// The shared package's pino (a dependency of it, not of the repository's root).
const pino: typeof pinoModule = createRequire(join(ROOT, 'shared', 'package.json'))('pino');
const options = { service: 'api', instance: 'api-1', level: 'info', format: 'json' } as const;
const batched = createLogger(options);
const oneAtATime = pino(
  {
    level: 'info',
    base: { service: options.service, instance: options.instance },
    timestamp: pino.stdTimeFunctions.isoTime,
  },
  pino.destination({ dest: 1, sync: false, ...LOG_BATCH, periodicFlush: LOG_FLUSH_MS }),
);
const path =
  '/api/v1/orgs/0196b1c2-0000-7000-8000-000000000001/tickets/0196b1c2-0000-7000-8000-000000000002';
type Fields = { requestId: string; method: string; path: string; status: number; ms: number };
const viaPino = (log: pinoModule.Logger) => {
  const access = log.child({}, { redact: [] as unknown as string[] });
  return (fields: Fields) => access.info(fields, 'request');
};
const plain = plainLineWriter(batched, 'request');
const targets = {
  plain: (fields: Fields) => plain('info', fields),
  batched: viaPino(batched),
  oneAtATime: viaPino(oneAtATime),
};

const perLine: Record<keyof typeof targets, number[]> = { plain: [], batched: [], oneAtATime: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, write] of Object.entries(targets) as [
    keyof typeof targets,
    (fields: Fields) => void,
  ][]) {
    const before = process.cpuUsage();
    for (let i = 0; i < LINES; i++) {
      write({ requestId: crypto.randomUUID(), method: 'GET', path, status: 200, ms: 1.2 });
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    }
    const used = process.cpuUsage(before);
    perLine[name].push((used.user + used.system) / LINES);
  }
}
const ratio = (a: keyof typeof targets, b: keyof typeof targets) => {
  const per = perLine[a].map((us, i) => us / (perLine[b][i] ?? Number.NaN));
  return `${fmt(median(per), 2)} (${spread(per, 2)})`;
};
const us = (name: keyof typeof targets) =>
  `${fmt(median(perLine[name]), 2)} (${spread(perLine[name], 2)})`;
console.error(
  `logLineCpuUs: plain ${us('plain')}, through pino ${us('batched')}, one at a time ${us('oneAtATime')}`,
);
console.error(`logLineBatchedVsOneAtATime: ${ratio('batched', 'oneAtATime')}`);
console.error(`logLinePlainVsPino: ${ratio('plain', 'batched')}`);
