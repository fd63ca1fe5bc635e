import { join } from 'node:path';
import { cpuOf, fmt, median, ROOT, spread } from './lib';

// What idle sockets' heartbeats cost the engine: our patched `@socket.io/bun-engine` (one ping
// sweep per server, docs/patches.md) against the engine as released (two timers per socket),
// each serving BENCH_SOCKETS idle WebSockets that answer their pings, rounds alternating:
//
//   BENCH_PRISTINE_ENGINE=/path/to/unpacked/bun-engine bun bench/ping-sweep.ts
//   # BENCH_SOCKETS=5000 BENCH_ROUNDS=3 BENCH_SECONDS=60 BENCH_PING_MS=25000,20000
//
// The released engine is `npm pack @socket.io/bun-engine@0.1.2`, unpacked (its `package/`
// folder). Each round starts a server process (the engine alone, no Socket.IO) on a free port
// and a client process holding the sockets, lets them settle for a ping interval, then reads the
// server's CPU (user + system, /proc) over BENCH_SECONDS. The figure: ours ÷ released within a
// round, then the median and spread over the rounds.
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const [PING_INTERVAL, PING_TIMEOUT] = (process.env.BENCH_PING_MS ?? '25000,20000')
  .split(',')
  .map(Number) as [number, number];

async function serve(engineDir: string) {
  const { Server } = (await import(join(engineDir, 'dist/index.js'))) as {
    Server: new (
      options: object,
    ) => { handler(): { fetch: unknown; websocket: unknown; idleTimeout: number } };
  };
  const engine = new Server({ pingInterval: PING_INTERVAL, pingTimeout: PING_TIMEOUT });
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, ...engine.handler() } as never);
  console.log(server.port);
}

async function hold(port: number) {
  const url = `ws://127.0.0.1:${port}/engine.io/?EIO=4&transport=websocket`;
  const sockets: WebSocket[] = [];
  for (let i = 0; i < SOCKETS; i += 200) {
    const batch = Array.from({ length: Math.min(200, SOCKETS - i) }, () => {
      const ws = new WebSocket(url);
      ws.addEventListener('message', (event) => {
        if (event.data === '2') ws.send('3');
      });
      sockets.push(ws);
      return new Promise((resolve) => ws.addEventListener('open', resolve));
    });
    await Promise.all(batch);
  }
  console.log(sockets.length);
  await new Promise(() => {});
}

/** A process of this script in `mode`, and the first line it prints. */
async function spawnSelf(mode: string, arg: string) {
  const proc = Bun.spawn([process.execPath, import.meta.path, mode, arg], {
    stdout: 'pipe',
    stderr: 'inherit',
  });
  const reader = proc.stdout.getReader();
  let text = '';
  while (!text.includes('\n')) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`${mode} ended before it answered`);
    text += new TextDecoder().decode(value);
  }
  return { proc, line: text.trim() };
}

async function round(engineDir: string): Promise<number> {
  const server = await spawnSelf('serve', engineDir);
  const client = await spawnSelf('hold', server.line);
  if (Number(client.line) !== SOCKETS) throw new Error(`only ${client.line} sockets`);
  await Bun.sleep(PING_INTERVAL + 1000);
  const before = cpuOf([server.proc.pid]);
  await Bun.sleep(SECONDS * 1000);
  const used = cpuOf([server.proc.pid]) - before;
  client.proc.kill();
  server.proc.kill();
  await Promise.all([client.proc.exited, server.proc.exited]);
  return used;
}

async function main() {
  const pristine = process.env.BENCH_PRISTINE_ENGINE;
  if (!pristine) throw new Error('BENCH_PRISTINE_ENGINE: the released engine, unpacked');
  const ours = join(ROOT, 'services/ws/node_modules/@socket.io/bun-engine');
  const ratios: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const order = i % 2 === 0 ? ['ours', 'released'] : ['released', 'ours'];
    const used: Record<string, number> = {};
    for (const target of order) used[target] = await round(target === 'ours' ? ours : pristine);
    const ratio = (used.ours ?? Number.NaN) / (used.released ?? Number.NaN);
    ratios.push(ratio);
    console.log(
      `round ${i + 1}: ours ${fmt(used.ours ?? 0, 0)} ms, released ${fmt(used.released ?? 0, 0)} ms of CPU in ${SECONDS} s (${fmt(ratio, 2)})`,
    );
  }
  console.log(
    `pingCpuVsReleased: ${fmt(median(ratios), 2)} (${spread(ratios, 2)}), ${SOCKETS} idle sockets, ping ${PING_INTERVAL}/${PING_TIMEOUT} ms`,
  );
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'serve') await serve(arg ?? '');
else if (mode === 'hold') await hold(Number(arg));
else await main();
