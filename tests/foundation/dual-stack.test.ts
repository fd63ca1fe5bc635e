import { describe, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderNginx } from '../../tools/stack/bootstrap';
import { loadStackSettings } from '../../tools/stack/settings';
import { hostHasIpv6 } from '../../tools/stack/system';
import { DATA, loopbackOptions, stack } from '../support/stack';

/*
 * `localhost` is 127.0.0.1 and ::1 on a stock Debian (/etc/hosts), and a client may try either
 * first (Node before 20 tries ::1 only): nginx listens on both families wherever the host has
 * IPv6, for every port ./stack prints, and only on IPv4 where it has none.
 */

/** One GET of `url` (on `localhost`) at the loopback address of one family. */
function get(url: URL, family: 4 | 6): Promise<number> {
  const options = { ...loopbackOptions(url, family), agent: false };
  return new Promise((resolve, reject) => {
    const done = (res: { statusCode?: number; resume(): void }) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    };
    const req =
      url.protocol === 'https:' ? httpsRequest(options, done) : httpRequest(options, done);
    req.on('error', reject);
    req.end();
  });
}

describe('nginx on both address families', () => {
  test('the host check reads the kernel’s IPv6 address list: none, empty or listed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'insightdesk-if-inet6-'));
    try {
      writeFileSync(join(dir, 'empty'), '');
      writeFileSync(join(dir, 'loopback'), '00000000000000000000000000000001 01 80 10 80 lo\n');
      expect([
        hostHasIpv6(join(dir, 'missing')),
        hostHasIpv6(join(dir, 'empty')),
        hostHasIpv6(join(dir, 'loopback')),
      ]).toEqual([false, false, true]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('./stack renders an IPv6 listener beside each IPv4 one, or none; both pass nginx -t', () => {
    const settings = loadStackSettings();
    const { httpsPort, httpPort } = settings.stack;
    for (const ipv6 of [true, false]) {
      const dir = mkdtempSync(join(tmpdir(), 'insightdesk-nginx-render-'));
      try {
        renderNginx(
          settings,
          { TLS_CERT: join(DATA, 'tls/localhost.crt'), TLS_KEY: join(DATA, 'tls/localhost.key') },
          dir,
          join(dir, 'tmp'),
          ipv6,
        );
        const site = readFileSync(join(dir, 'insightdesk.conf'), 'utf8');
        const listens = site.match(/^\s*listen .*$/gm)?.map((line) => line.trim());
        expect({ ipv6, listens }).toEqual({
          ipv6,
          listens: ipv6
            ? [
                `listen ${httpPort};`,
                `listen [::]:${httpPort};`,
                `listen ${httpsPort} ssl;`,
                `listen [::]:${httpsPort} ssl;`,
              ]
            : [`listen ${httpPort};`, `listen ${httpsPort} ssl;`],
        });
        const check = Bun.spawnSync(['nginx', '-t', '-p', dir, '-c', join(dir, 'nginx.conf')], {
          stderr: 'pipe',
        });
        expect({ ipv6, ok: check.stderr.toString().includes('test is successful') }).toEqual({
          ipv6,
          ok: true,
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  test('every port ./stack prints answers on 127.0.0.1, and on ::1 where the host has IPv6', async () => {
    const printed = await stack('up', '-d');
    const urls = [...printed.matchAll(/\b(https?|wss?):\/\/localhost:(\d+)\S*/g)].map(
      (m) => new URL(`${m[1]?.replace(/^ws/, 'http')}://localhost:${m[2]}/health/live`),
    );
    const ports = [...new Set(urls.map((url) => `${url.protocol}//${url.host}`))];
    const settings = loadStackSettings();
    expect(ports.sort()).toEqual(
      [
        `http://localhost:${settings.stack.httpPort}`,
        `https://localhost:${settings.stack.httpsPort}`,
      ].sort(),
    );
    // The configuration nginx runs with says the same as the host.
    const live = readFileSync(join(DATA, 'nginx/insightdesk.conf'), 'utf8');
    expect(/^\s*listen \[::\]:/m.test(live)).toBe(hostHasIpv6());
    const families = hostHasIpv6() ? ([4, 6] as const) : ([4] as const);
    const answers: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const origin of ports) {
      const url = new URL('/health/live', origin);
      for (const family of families) {
        answers[`${origin} over IPv${family}`] = await get(url, family);
        // Plain HTTP redirects to HTTPS; HTTPS answers.
        expected[`${origin} over IPv${family}`] = url.protocol === 'https:' ? 200 : 301;
      }
    }
    expect(answers).toEqual(expected);
  }, 60_000);
});
