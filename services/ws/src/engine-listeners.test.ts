import { afterAll, expect, test } from 'bun:test';
import { startLoopbackEngine } from './loopback-engine';

// Our patch of the engine (patches/@socket.io%2Fbun-engine@0.1.2.patch, docs/patches.md): its
// event emitter keeps each socket's and transport's listeners in a null-prototype object, not in
// a Map (~270 bytes each with one entry in JavaScriptCore, two per connection), and an emptied
// event is set to undefined rather than deleted. Listening, emitting and removing work as before.

const loopback = startLoopbackEngine();
afterAll(() => loopback.stop());

/** The emitter's store of listeners, by event name (a field of the engine's own). */
const storeOf = (emitter: object): unknown => Reflect.get(emitter, '_listeners');

test("an engine socket's and its transport's listeners, kept without a Map, as before", async () => {
  const [client] = await loopback.connect(1, () => ({ transports: ['websocket'] }));
  if (!client) throw new Error('not connected');
  const socket = loopback.serverSocket(client);
  const engineSocket = socket.conn;
  for (const emitter of [engineSocket, engineSocket.transport]) {
    const store = storeOf(emitter);
    expect(store).not.toBeInstanceOf(Map);
    expect(Object.getPrototypeOf(store)).toBeNull();
  }
  // What the engine's emitter does with it: on, once, emit, off of one and of all (the engine's
  // emitter, typed as its own: Socket.IO types `conn` as engine.io's).
  const emitter: {
    on(event: string, listener: () => void): unknown;
    once(event: string, listener: () => void): unknown;
    off(event: string, listener?: () => void): unknown;
    emit(event: string): unknown;
    listeners(event: string): unknown[];
  } = engineSocket;
  const heard: string[] = [];
  emitter.on('heartbeat', () => heard.push('heartbeat'));
  emitter.once('heartbeat', () => heard.push('once'));
  emitter.emit('heartbeat');
  emitter.emit('heartbeat');
  expect(heard).toEqual(['heartbeat', 'once', 'heartbeat']);
  emitter.off('heartbeat');
  expect(emitter.listeners('heartbeat')).toEqual([]);
  expect(Object.hasOwn(storeOf(engineSocket) as object, 'heartbeat')).toBe(true);
  emitter.on('heartbeat', () => heard.push('again'));
  emitter.emit('heartbeat');
  expect(heard.at(-1)).toBe('again');
  // The socket still closes through its listeners.
  const closed = new Promise((resolve) => socket.once('disconnect', resolve));
  engineSocket.close();
  expect(await closed).toBe('forced close');
});
