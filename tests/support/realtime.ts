import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { BASE_URL, CA } from './stack';

/**
 * A Socket.IO client through nginx. `withCredentials` keeps the sticky cookie nginx routes on
 * (Node clients only keep cookies when asked to, browsers always do).
 */
export function connectClient(options: Partial<ManagerOptions & SocketOptions> = {}): Socket {
  return io(BASE_URL, {
    path: '/socket.io/',
    withCredentials: true,
    reconnection: false,
    // One engine connection per client (io() would otherwise share one per URL).
    forceNew: true,
    timeout: 5000,
    ...(CA ? { ca: CA } : {}),
    ...options,
  });
}

export function waitConnected(socket: Socket, timeoutMs = 5000): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connect timeout')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Connections per ws instance, read from each instance's own /metrics. */
export async function wsConnections(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const match = text.match(/^ws_connections\{[^}]*\} (\d+)/m);
  return Number(match?.[1] ?? 0);
}
