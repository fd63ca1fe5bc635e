// One bare socket.io server for bench/engines.ts, on the engine named by argv[2]:
//   bun-engine  Bun.serve with @socket.io/bun-engine (what our ws service runs)
//   node-http   socket.io's own engine (engine.io + ws) on node:http — under Node, or under Bun's
//               node:http and its built-in `ws`
// Every socket joins one room; GET /emit?seq=N on the control port sends one event to the room,
// GET /memory answers the process's memory after a full collection (`?gc=0`: without one). No
// auth, no adapter, no product: what differs between the runs is the engine and the runtime,
// nothing else.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const [engineName = 'node-http', portText = '0', controlText = '0'] = process.argv.slice(2);
const port = Number(portText);
const payload = { type: 'ticket.created', data: { subject: 'x'.repeat(200) } };

const io = new Server({ serveClient: false, maxHttpBufferSize: 16 * 1024 });
io.on('connection', (socket) => socket.join('all'));

if (engineName === 'bun-engine') {
  // Resolved from the ws service, the one package that depends on it.
  const { Server: Engine } = await import(process.env.BUN_ENGINE_MODULE);
  const engine = new Engine({ path: '/socket.io/', maxHttpBufferSize: 16 * 1024 });
  io.bind(engine);
  const { websocket, fetch } = engine.handler();
  globalThis.Bun.serve({ hostname: '127.0.0.1', port, websocket, fetch, idleTimeout: 30 });
} else {
  const http = createServer();
  io.attach(http);
  http.listen(port, '127.0.0.1');
}

const jsc = globalThis.Bun ? await import('bun:jsc') : undefined;
const probe = globalThis.Bun ? await import('../memory-probe.ts') : undefined;
const collect = () => (globalThis.Bun ? globalThis.Bun.gc(true) : globalThis.gc?.());
createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://control');
  if (url.pathname === '/emit') {
    const at = performance.timeOrigin + performance.now();
    io.to('all').emit('tick', { seq: Number(url.searchParams.get('seq')), at, payload });
    res.end('{}');
    return;
  }
  if (url.searchParams.get('gc') !== '0') collect();
  // A heap snapshot's bytes by class (Bun only), asked apart: the snapshot allocates.
  if (url.searchParams.has('sizes')) {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(probe?.sizesByClass() ?? {}));
    return;
  }
  collect();
  const { rss, heapUsed, external } = process.memoryUsage();
  // Under Bun, the JavaScript objects by type too (what each connection adds).
  const objectTypeCounts = jsc?.heapStats().objectTypeCounts;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ rss, heapUsed, external, objectTypeCounts }));
}).listen(Number(controlText), '127.0.0.1');
