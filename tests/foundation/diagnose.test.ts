import { afterAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnose } from '../../tools/stack/diagnose';
import type { ProcessDef } from '../../tools/stack/process-def';
import { stackProcesses } from '../../tools/stack/processes';
import { loadStackSettings } from '../../tools/stack/settings';
import {
  asServiceUser,
  chownToServiceUser,
  isRoot,
  pgBinDir,
  resolvedDataDir,
} from '../../tools/stack/system';
import { ports, processInfo, ROOT, runStack, stack } from '../support/stack';

// Why a process does not come up, said in one line with the fix: the failures are real (real
// programs run into them here), and `./stack` itself is run where the stack allows it.

const defs = stackProcesses(loadStackSettings());
const def = (name: string): ProcessDef => {
  const found = defs.find((d) => d.name === name);
  if (!found) throw new Error(`no process ${name}`);
  return found;
};

/** Runs a program to its end; its output lines, as the supervisor reads them from the log. */
function outputOf(cmd: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const run = Bun.spawnSync(cmd, { stdout: 'pipe', stderr: 'pipe', ...options });
  expect(run.exitCode).not.toBe(0);
  return `${run.stdout.toString()}${run.stderr.toString()}`.split('\n').filter(Boolean);
}

const scratch = mkdtempSync(join(tmpdir(), 'insightdesk-diagnose-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a process that does not come up', () => {
  test('a port in use: `./stack` names the port, who holds it and the variable that moves it, and stops trying', async () => {
    await stack('stop', 'smtp');
    const squatter = Bun.listen({
      hostname: '127.0.0.1',
      port: ports.smtpPort,
      socket: { data() {} },
    });
    try {
      const run = await runStack(['start', 'smtp']);
      expect(run.code).toBe(1);
      expect(run.failures).toHaveLength(1);
      const [line] = run.failures;
      expect(line).toContain('smtp cannot start:');
      expect(line).toContain(`EADDRINUSE: address already in use 127.0.0.1:${ports.smtpPort}`);
      expect(line).toMatch(
        new RegExp(`fix: port ${ports.smtpPort} is taken by bun(\\.exe)? \\(pid ${process.pid}\\)`),
      );
      expect(line).toContain('STACK_SMTP_PORT');
      // Said because it failed twice the same way, not because a deadline passed.
      expect(run.stderr).not.toContain('not ready after');
      const smtp = await processInfo('smtp');
      expect(smtp.state).toBe('stopped');
    } finally {
      squatter.stop(true);
    }
    await stack('start', 'smtp');
    expect((await processInfo('smtp')).ready).toBe(true);
  }, 60_000);

  test('PostgreSQL refusing to start: a second server on the running cluster', async () => {
    const pgData = resolvedDataDir('pg');
    const lines = outputOf(
      asServiceUser([
        join(pgBinDir(), 'postgres'),
        '-D',
        pgData,
        '-c',
        `port=${ports.pgPort + 50}`,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
      ]),
      { cwd: pgData },
    );
    const problem = diagnose(def('postgres'), lines);
    expect(problem?.reason).toBe('lock file "postmaster.pid" already exists');
    const running = await processInfo('postgres');
    expect(problem?.fix).toContain(`another PostgreSQL (pid ${running.pid}) runs on this cluster`);
    expect(running.ready).toBe(true);
  });

  test.skipIf(!isRoot())(
    'permission denied: the service user cannot reach a data directory inside a private one',
    () => {
      const privateDir = join(scratch, 'private');
      const cluster = join(privateDir, 'pg');
      mkdirSync(cluster, { recursive: true, mode: 0o700 });
      chownToServiceUser(cluster);
      const lines = outputOf(asServiceUser([join(pgBinDir(), 'postgres'), '-D', cluster]), {
        cwd: '/',
      });
      const problem = diagnose(def('postgres'), lines);
      expect(problem?.reason).toBe(
        `postgres: could not access directory "${cluster}": Permission denied`,
      );
      expect(problem?.fix).toContain(`the ${def('postgres').runsAs} user cannot reach ${cluster}`);
      expect(problem?.fix).toContain(`namei -l ${cluster}`);
    },
  );

  test('a configuration error: the variables named, the fix is in .env.local', () => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'loud' };
    const lines = outputOf([process.execPath, join(ROOT, 'services/api/src/main.ts')], {
      cwd: ROOT,
      env,
    });
    const problem = diagnose(def('api-1'), lines);
    expect(problem?.reason).toStartWith('Invalid configuration (1 problem): LOG_LEVEL: ');
    expect(problem?.fix).toBe(
      'correct LOG_LEVEL in .env.local or the environment (.env.example describes each)',
    );
  });

  test('an unknown failure still quotes its last error line, never nothing', () => {
    const lines = outputOf([
      process.execPath,
      '-e',
      'console.error("Error: the flux capacitor is unplugged"); process.exit(3)',
    ]);
    const problem = diagnose(def('worker-1'), lines);
    expect(problem?.reason).toBe('Error: the flux capacitor is unplugged');
    expect(problem?.fix).toBe('`./stack logs worker-1` shows the whole log');
    expect(
      diagnose(def('worker-1'), ['{"level":30,"msg":"start failed? no: started"}']),
    ).toBeNull();
  });
});
