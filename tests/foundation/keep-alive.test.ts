import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { KEEP_ALIVE_SECONDS } from '@insightdesk/shared/service';
import { ROOT, servicePort } from '../support/stack';

/** Sends one request on `socket` and resolves with the status line of its answer. */
function ask(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    if (socket.readyState !== 'open') {
      reject(new Error('the server closed the kept-alive connection'));
      return;
    }
    const onData = (chunk: Buffer) => {
      socket.off('close', onClose);
      resolve(chunk.toString('latin1').split('\r\n')[0] ?? '');
    };
    const onClose = () => {
      socket.off('data', onData);
      reject(new Error('the server closed the kept-alive connection'));
    };
    socket.once('data', onData);
    socket.once('close', onClose);
    socket.write('GET /health/live HTTP/1.1\r\nHost: api\r\nConnection: keep-alive\r\n\r\n');
  });
}

describe('upstream keep-alive', () => {
  test("nginx drops an idle upstream connection before the api does (else a POST may get nginx's 502)", () => {
    const template = readFileSync(join(ROOT, 'nginx/templates/insightdesk.conf.template'), 'utf8');
    const upstream = /upstream api \{[\s\S]*?\n\}/.exec(template)?.[0] ?? '';
    const nginxSeconds = Number(/keepalive_timeout (\d+)s;/.exec(upstream)?.[1]);
    expect(nginxSeconds).toBeGreaterThan(0);
    expect(nginxSeconds).toBeLessThan(KEEP_ALIVE_SECONDS);
  });

  test('an api instance keeps an idle connection open past Bun’s 10 s default', async () => {
    const socket = connect(servicePort('api', 1), '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    try {
      expect(await ask(socket)).toBe('HTTP/1.1 200 OK');
      await Bun.sleep(12_000);
      expect(await ask(socket)).toBe('HTTP/1.1 200 OK');
    } finally {
      socket.destroy();
    }
  }, 30_000);
});
