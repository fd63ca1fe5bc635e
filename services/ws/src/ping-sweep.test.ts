import { afterAll, expect, test } from 'bun:test';
import { pingSweepOf } from './bun-engine-internals';
import { startLoopbackEngine } from './loopback-engine';

// Our patch of the engine (patches/@socket.io%2Fbun-engine@0.1.2.patch): its sockets have no
// timer of their own; one sweep per server sends each socket's ping when due and closes a socket
// whose pong is late. Short delays here (the service keeps the engine's 25 s and 20 s).
const loopback = startLoopbackEngine(undefined, { pingInterval: 200, pingTimeout: 200 });
afterAll(() => loopback.stop());
const sweep = () => pingSweepOf(loopback.engine);

/** A raw engine.io WebSocket: what it receives, and whether it closed. */
async function rawSocket(answerPings: number) {
  const ws = new WebSocket(loopback.webSocketUrl);
  const packets: string[] = [];
  let answered = 0;
  const closed = new Promise<void>((resolve) => ws.addEventListener('close', () => resolve()));
  ws.addEventListener('message', (event) => {
    const packet = String(event.data);
    packets.push(packet);
    if (packet === '2' && answered < answerPings) {
      answered++;
      ws.send('3');
    }
  });
  await new Promise((resolve) => ws.addEventListener('open', resolve));
  return { ws, packets, closed, pings: () => packets.filter((p) => p === '2').length };
}

test('a socket that answers its pings stays; one that stops is closed as a ping timeout', async () => {
  const reasons: string[] = [];
  loopback.io.on('connection', (socket) => socket.on('disconnect', (r) => reasons.push(r)));
  const [client] = await loopback.connect(1, () => ({ transports: ['websocket'] }));
  const answering = await rawSocket(Number.POSITIVE_INFINITY);
  const silent = await rawSocket(1);
  answering.ws.send('40');
  silent.ws.send('40');

  await silent.closed;
  // Its first ping answered, the second not: closed after it, and the others were pinged meanwhile.
  expect(silent.pings()).toBe(2);
  expect(answering.ws.readyState).toBe(WebSocket.OPEN);
  expect(answering.pings()).toBeGreaterThanOrEqual(2);
  // Socket.IO's default client answers by itself, and is still connected after several rounds.
  for (let waited = 0; answering.pings() < 4 && waited < 5_000; waited += 50) await Bun.sleep(50);
  expect(answering.pings()).toBeGreaterThanOrEqual(4);
  expect(client?.connected).toBe(true);
  expect(reasons).toContain('ping timeout');
  expect(reasons).toHaveLength(1);
  answering.ws.close();
}, 20_000);

test('the sweep runs while the server has sockets, and stops once it has none', async () => {
  const [client] = await loopback.connect(1, () => ({ transports: ['websocket'] }));
  expect(sweep()).toBeDefined();
  client?.disconnect();
  for (const c of loopback.clients) c.disconnect();
  for (let waited = 0; sweep() !== undefined && waited < 3_000; waited += 50) await Bun.sleep(50);
  expect(sweep()).toBeUndefined();
}, 10_000);
