import { connect } from 'node:net';
import { join } from 'node:path';
import type { Probe } from './process-def';
import { pgBinDir } from './system';

function tcpExchange(
  port: number,
  send: string | undefined,
  expect: string | undefined,
  timeoutMs = 1000,
) {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buffer = '';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('error', () => done(false));
    socket.on('connect', () => {
      if (send !== undefined) socket.write(send);
      else if (expect === undefined) done(true);
    });
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      if (expect !== undefined && buffer.includes(expect)) done(true);
    });
  });
}

/** True when the process answers like a ready instance of itself. */
export async function probe(p: Probe): Promise<boolean> {
  switch (p.kind) {
    case 'greeting':
      return tcpExchange(p.port, undefined, p.greeting);
    case 'redis':
      return tcpExchange(p.port, 'PING\r\n', '+PONG');
    case 'pg': {
      const result = Bun.spawnSync([
        join(pgBinDir(), 'pg_isready'),
        '-q',
        '-h',
        '127.0.0.1',
        '-p',
        String(p.port),
        // A role that exists: asked for the OS user's (root), the server logged a failed
        // password authentication for every probe.
        '-U',
        'postgres',
      ]);
      return result.exitCode === 0;
    }
    case 'http':
      try {
        const res = await fetch(p.url, { signal: AbortSignal.timeout(1500) });
        await res.arrayBuffer();
        return res.status === 200;
      } catch {
        return false;
      }
    case 'https':
      try {
        const res = await fetch(p.url, {
          signal: AbortSignal.timeout(1500),
          tls: { ca: await Bun.file(p.ca).text() },
        });
        await res.arrayBuffer();
        return true;
      } catch {
        return false;
      }
    case 'exit':
      return false;
  }
}
