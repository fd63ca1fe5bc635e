import { describe, expect, test } from 'bun:test';
import { ROOT, servicePort } from '../support/stack';

// Configuration as the services meet it at start (the loading rules themselves are tested beside
// them, without a stack: shared/src/config/load.test.ts).

const SECRET = 'TOP-SECRET-do-not-print';

describe('config, at a service start', () => {
  test('a development process on a non-loopback address with the development secrets warns loudly', async () => {
    const start = async (host: string) => {
      const proc = Bun.spawn([process.execPath, 'services/ws/src/main.ts'], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'development',
          LOG_FORMAT: 'json',
          HOST: host,
          PORT: String(servicePort('ws', 9)),
          // Unreachable dependencies: the warning comes before anything connects.
          DATABASE_URL: 'postgres://u:p@127.0.0.1:1/x',
          VALKEY_URL: 'redis://127.0.0.1:1',
        },
        stdout: 'pipe',
        stderr: 'pipe',
      });
      const lines: string[] = [];
      const reader = proc.stdout.getReader();
      const decoder = new TextDecoder();
      const deadline = Date.now() + 20_000;
      // The warning is logged right after the configuration, before the first lifecycle step.
      while (Date.now() < deadline && !lines.some((l) => l.includes('"step":"logger"'))) {
        const { value, done } = await reader.read();
        if (done) break;
        lines.push(...decoder.decode(value).split('\n'));
      }
      proc.kill('SIGKILL');
      await proc.exited;
      return lines.join('\n');
    };
    const exposed = await start('0.0.0.0');
    expect(exposed).toContain('DANGER: NODE_ENV=development with the public development secrets');
    expect(exposed).toContain('JWT_KEYS');
    expect(exposed).not.toContain('not-for-production');
    expect(await start('127.0.0.1')).not.toContain('DANGER');
  });

  test('a service started with a bad environment exits 1 with one clear message', async () => {
    const proc = Bun.spawn([process.execPath, 'services/api/src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PORT: 'eighty',
        DATABASE_URL: `postgres://app:${SECRET}@bad host/db`,
        VALKEY_URL: 'redis://127.0.0.1:1',
        CORS_ORIGINS: 'https://app.example.com',
      },
      stdout: 'pipe',
      stderr: 'pipe',
    });
    const [stdout, stderr, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('api: Invalid configuration');
    for (const name of ['PORT', 'DATABASE_URL', 'PUBLIC_URL']) expect(stderr).toContain(name);
    expect(`${stdout}${stderr}`).not.toContain(SECRET);
  });
});
