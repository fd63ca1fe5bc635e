import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'bun';
import { fileLimit, fmt, median, report, spread } from './lib';

// What the kernel charges a process for one small write to each of many sockets, over TCP on
// loopback (how nginx reaches our instances, and the peers') and over a Unix stream socket:
//
//   bun bench/send-cost.ts        # BENCH_SOCKETS=4000 BENCH_ROUNDS=6 BENCH_FRAME_BYTES=150
//
// A fan-out writes one frame to each subscriber's socket. At 10,000 sockets our instances spend
// most of an event's CPU in the kernel (`serverSystemCpuMsPerEvent` of bench/realtime.ts), as
// the peer's do: loopback TCP runs the receiving side's protocol work in the writer's system
// call. This measures that cost alone, both kinds of socket in one process (its listener reads
// what it is sent), rounds alternating: the write loop's CPU, and the whole until every byte
// was read. No service of ours runs; needs nothing but Bun.
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const FRAME = Buffer.alloc(Number(process.env.BENCH_FRAME_BYTES ?? 150), 'a');
if (fileLimit() < 4 * SOCKETS + 100)
  throw new Error(`${SOCKETS} sockets of each kind need 4 descriptors each: raise ulimit -Hn`);

type Kind = 'tcp' | 'unix';
const unixPath = join(tmpdir(), `insightdesk-send-cost-${process.pid}.sock`);

async function open(kind: Kind) {
  let received = 0;
  let accepted = 0;
  rmSync(unixPath, { force: true });
  const handler = {
    open() {
      accepted++;
    },
    data(_socket: Socket, data: Buffer) {
      received += data.length;
    },
  };
  const tcp =
    kind === 'tcp' ? Bun.listen({ hostname: '127.0.0.1', port: 0, socket: handler }) : null;
  const listener = tcp ?? Bun.listen({ unix: unixPath, socket: handler });
  const quiet = { data() {} };
  const sockets: Socket[] = [];
  for (let i = 0; i < SOCKETS; i++) {
    // A Unix listener's backlog refuses connections past it (TCP's retries): let it accept.
    while (i - accepted > 64) await Bun.sleep(1);
    sockets.push(
      await (kind === 'unix'
        ? Bun.connect({ unix: unixPath, socket: quiet })
        : Bun.connect({ hostname: '127.0.0.1', port: tcp?.port ?? 0, socket: quiet })),
    );
  }
  return {
    received: () => received,
    sockets,
    close() {
      for (const s of sockets) s.end();
      listener.stop(true);
    },
  };
}

/** µs of CPU (user + system) per write: the write loop alone, and until all was read. */
async function round(target: Awaited<ReturnType<typeof open>>) {
  const want = target.received() + SOCKETS * FRAME.length;
  const before = process.cpuUsage();
  for (const s of target.sockets) s.write(FRAME);
  const loop = process.cpuUsage(before);
  while (target.received() < want) await Bun.sleep(1);
  const whole = process.cpuUsage(before);
  const perWrite = (u: NodeJS.CpuUsage) => (u.user + u.system) / SOCKETS;
  return { writeUs: perWrite(loop), systemUs: loop.system / SOCKETS, wholeUs: perWrite(whole) };
}

const targets = { tcp: await open('tcp'), unix: await open('unix') };
const runs: Record<Kind, Awaited<ReturnType<typeof round>>[]> = { tcp: [], unix: [] };
for (const kind of ['tcp', 'unix'] as const) await round(targets[kind]); // warm
for (let r = 0; r < ROUNDS; r++) {
  for (const kind of r % 2 ? (['unix', 'tcp'] as const) : (['tcp', 'unix'] as const))
    runs[kind].push(await round(targets[kind]));
}
for (const t of Object.values(targets)) t.close();
rmSync(unixPath, { force: true });

const ratios = (key: 'writeUs' | 'wholeUs') =>
  runs.unix.map((u, i) => u[key] / (runs.tcp[i]?.[key] ?? Number.NaN));
report(
  'send-cost',
  (['tcp', 'unix'] as const).map((kind) => ({
    socket: kind,
    writeUs: fmt(median(runs[kind].map((x) => x.writeUs)), 2),
    writeSystemUs: fmt(median(runs[kind].map((x) => x.systemUs)), 2),
    wholeUs: fmt(median(runs[kind].map((x) => x.wholeUs)), 2),
  })),
  {
    unixWriteVsTcp: fmt(median(ratios('writeUs')), 2),
    unixWriteVsTcpSpread: spread(ratios('writeUs'), 2),
    unixWholeVsTcp: fmt(median(ratios('wholeUs')), 2),
    unixWholeVsTcpSpread: spread(ratios('wholeUs'), 2),
    sockets: SOCKETS,
    frameBytes: FRAME.length,
    rounds: ROUNDS,
  },
);
process.exit(0);
