import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createLogger, LOG_BATCH, LOG_FLUSH_MS } from '@insightdesk/shared/logger';
import type pinoModule from '../shared/node_modules/pino';
import { fmt, median, ROOT, spread } from './lib';

// The CPU of one access line, written as the api writes it (createLogger: pino, its lines
// gathered by line-batch.ts before the writer), against the same line handed by pino to the
// writer (sonic-boom) one at a time, as before line-batch.ts. In process, rounds alternating:
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
// The access line's own logger, as instrument.ts makes it.
const targets = {
  batched: batched.child({}, { redact: [] as unknown as string[] }),
  oneAtATime: oneAtATime.child({}, { redact: [] as unknown as string[] }),
};

const perLine: Record<keyof typeof targets, number[]> = { batched: [], oneAtATime: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, log] of Object.entries(targets) as [
    keyof typeof targets,
    pinoModule.Logger,
  ][]) {
    const before = process.cpuUsage();
    for (let i = 0; i < LINES; i++) {
      log.info(
        { requestId: crypto.randomUUID(), method: 'GET', path, status: 200, ms: 1.2 },
        'request',
      );
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    }
    const used = process.cpuUsage(before);
    perLine[name].push((used.user + used.system) / LINES);
  }
}
const ratios = perLine.batched.map((us, i) => us / (perLine.oneAtATime[i] ?? Number.NaN));
console.error(
  `logLineCpuUs: batched ${fmt(median(perLine.batched), 2)} (${spread(perLine.batched, 2)}), one at a time ${fmt(median(perLine.oneAtATime), 2)} (${spread(perLine.oneAtATime, 2)})`,
);
console.error(`logLineBatchedVsOneAtATime: ${fmt(median(ratios), 2)} (${spread(ratios, 2)})`);
