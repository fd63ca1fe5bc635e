import { join } from 'node:path';
import type { BusinessCalendar } from '../helpdesk/src/sla/business-time';
import { fmt, median, ROOT, report } from './lib';

// What a ticket's service-level clocks cost the process that computes them (the api on a reply,
// the worker on a recomputation): walks over business calendars, in process, no stack needed.
//
//   bun bench/sla-walks.ts        # BENCH_ROUNDS=5; BENCH_SLA_COMPARE=<dir> (below)
//
// Each case once per round, medians over the rounds, in µs, and each as a ratio to the typical
// case measured in the same run: one ticket's three clocks on an office calendar, a day's
// targets. The far cases are what an organization's admin can set up (a target of a year of
// business minutes, 525,600, the limit; one minute of business time a week) and what two of its
// members can make of one ticket (a thousand answered next-response clocks).
// BENCH_SLA_COMPARE: a directory holding another `business-time.ts` and `timers.ts` (e.g. an
// older commit's, `git show <rev>:helpdesk/src/sla/business-time.ts`), measured the same way in
// the same run beside today's.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MINUTE = 60_000;

type Calendar = BusinessCalendar;
interface Walks {
  addBusinessTime(c: Calendar, start: number, amount: number): number | null;
  timersOf(h: unknown, p: unknown, c: Calendar): unknown[];
}

async function load(dir: string): Promise<Walks> {
  const time = await import(join(dir, 'business-time.ts'));
  const timers = await import(join(dir, 'timers.ts'));
  return { addBusinessTime: time.addBusinessTime, timersOf: timers.timersOf };
}

const office: Calendar = {
  timeZone: 'Europe/Berlin',
  weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({
    day,
    start: 9 * 60,
    end: 17 * 60,
  })),
  holidays: [{ yearly: '12-25' }, { yearly: '01-01' }],
};
const sparse: Calendar = {
  timeZone: 'Europe/Berlin',
  weekly: [{ day: 'mon', start: 9 * 60, end: 9 * 60 + 1 }],
  holidays: [],
};
const start = Date.parse('2026-01-05T08:00:00Z');

const policy = (minutes: number) => ({
  id: 'p',
  name: 'p',
  targets: { firstResponse: minutes, nextResponse: minutes, resolution: minutes },
  pausedStatuses: ['pending'],
  warningMinutes: null,
  priorities: [],
  isDefault: true,
});
/** A ticket whose requester and an agent took turns `turns` times, a minute apart. */
const history = (turns: number) => ({
  createdAt: start,
  priority: 'normal',
  statuses: [{ status: 'open', at: start }],
  messages: Array.from({ length: turns * 2 }, (_, i) => ({
    id: `m${i}`,
    at: start + i * MINUTE,
    byRequester: i % 2 === 0,
  })),
});

const cases: [string, (w: Walks) => unknown][] = [
  [
    'typical: one ticket, three clocks, office, 8 h',
    (w) => w.timersOf(history(1), policy(480), office),
  ],
  ['one walk: office, 525,600 min', (w) => w.addBusinessTime(office, start, 525_600 * MINUTE)],
  [
    'one walk: 1 min a week, 525,600 min',
    (w) => w.addBusinessTime(sparse, start, 525_600 * MINUTE),
  ],
  [
    '1,000 answered clocks: office, 525,600 min',
    (w) => w.timersOf(history(1000), policy(525_600), office),
  ],
];

function measure(w: Walks, run: (w: Walks) => unknown, budgetMs: number): number {
  // As many calls as fit in the budget (at least one), µs per call.
  const t0 = performance.now();
  let calls = 0;
  do {
    run(w);
    calls++;
  } while (performance.now() - t0 < budgetMs);
  return ((performance.now() - t0) * 1000) / calls;
}

const targets: [string, Walks][] = [['today', await load(join(ROOT, 'helpdesk/src/sla'))]];
if (process.env.BENCH_SLA_COMPARE)
  targets.push(['compared', await load(process.env.BENCH_SLA_COMPARE)]);

const samples = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [target, walks] of round % 2 ? [...targets].reverse() : targets) {
    for (const [name, run] of cases) {
      const key = `${target}\t${name}`;
      samples.set(key, [...(samples.get(key) ?? []), measure(walks, run, 200)]);
    }
  }
}

const rows = [...samples].map(([key, values]) => {
  const [target = '', name = ''] = key.split('\t');
  const typical = median(samples.get(`${target}\t${cases[0]?.[0]}`) ?? [1]);
  return {
    target,
    case: name,
    us: fmt(median(values)),
    spread: `${fmt(Math.min(...values))}–${fmt(Math.max(...values))}`,
    vsTypical: fmt(median(values) / typical, 1),
  };
});
const today = (i: number) => rows.find((r) => r.target === 'today' && r.case === cases[i]?.[0]);
const compared = (i: number) =>
  rows.find((r) => r.target === 'compared' && r.case === cases[i]?.[0]);
const extra: Record<string, unknown> = {
  farWalkVsTypical: today(1)?.vsTypical,
  sparseWalkVsTypical: today(2)?.vsTypical,
  answeredClocksVsTypical: today(3)?.vsTypical,
};
if (targets.length > 1)
  for (let i = 0; i < cases.length; i++)
    extra[`case${i}ComparedVsToday`] = fmt((compared(i)?.us ?? 0) / (today(i)?.us ?? 1), 1);
report('sla-walks', rows, extra);
