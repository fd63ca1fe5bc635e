import { afterAll, describe, expect, test } from 'bun:test';
import {
  appendFileSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRoot, outsideDir, serviceUser } from '../../tools/stack/system';
import { pathWithThisBun } from '../support/bun-path';
import { freePortBlock } from '../support/ports';
import { eventually, ROOT, runStack, type StackRun } from '../support/stack';

// A newcomer's clone in a directory only they can enter (mode 0700, as `mktemp -d` makes and
// as /root is): a second, complete stack from there, on its own ports, then gone without a trace.
// On the way it meets a configuration error and a port in use, and must say so in one line.

const parent = mkdtempSync(join(tmpdir(), 'insightdesk-clone-'));
const clone = join(parent, 'insightdesk');

// `./stack` finds Bun on the PATH (the pinned version: this very one); nothing else of this
// checkout's environment leaks into the clone's.
const env: Record<string, string> = {
  PATH: pathWithThisBun(),
  HOME: process.env.HOME ?? '/root',
  LANG: 'C.UTF-8',
  ...(process.env.USER ? { USER: process.env.USER } : {}),
  ...(process.env.CI ? { CI: process.env.CI } : {}),
};
const inClone = (...args: string[]) => runStack(args, { root: clone, env });

function writeEnvLocal(ports: Record<string, number>, extra = '') {
  const lines = Object.entries(ports).map(([k, v]) => `${k}=${v}`);
  writeFileSync(join(clone, '.env.local'), `${lines.join('\n')}\n${extra}`);
}

const said = (run: StackRun) => `${run.stderr}${run.stdout}`;

afterAll(async () => {
  // Whatever happened above: nothing of the clone keeps running or stays on disk.
  if (existsSync(join(clone, 'stack'))) await inClone('reset');
  rmSync(outsideDir(clone), { recursive: true, force: true });
  rmSync(parent, { recursive: true, force: true });
}, 120_000);

describe('a clone in a private directory', () => {
  test('comes up from there, says why when it cannot, and leaves nothing behind', async () => {
    expect(statSync(parent).mode & 0o777).toBe(0o700);
    const git = Bun.spawnSync(['git', 'clone', '--quiet', ROOT, clone], { stderr: 'pipe' });
    expect(git.stderr.toString()).toBe('');
    expect(git.exitCode).toBe(0);
    const ports = await freePortBlock();

    // 1. A configuration error only the services see (./stack's own settings are fine).
    writeEnvLocal(ports, 'LOG_LEVEL=loud\n');
    const misconfigured = await inClone('up', '-d');
    expect(misconfigured.code).toBe(1);
    expect(misconfigured.failures).toHaveLength(1);
    expect(misconfigured.failures[0]).toMatch(
      /^stack: db-setup cannot start: Invalid configuration \(1 problem\): LOG_LEVEL: .* — fix: correct LOG_LEVEL in \.env\.local/,
    );
    expect(said(misconfigured)).not.toContain('not ready after');
    // PostgreSQL itself came up, from a directory its user cannot enter.
    expect(said(misconfigured)).toMatch(/✓ postgres\s+ready/);

    // 2. The HTTPS port taken by someone else: everything else comes up, nginx cannot.
    writeEnvLocal(ports);
    const squatter = Bun.listen({
      hostname: '0.0.0.0',
      port: ports.HTTPS_PORT,
      socket: { data() {} },
    });
    let portTaken: StackRun;
    try {
      portTaken = await inClone('up', '-d');
    } finally {
      squatter.stop(true);
    }
    expect(portTaken.code).toBe(1);
    expect(portTaken.failures).toHaveLength(1);
    expect(portTaken.failures[0]).toContain(
      `nginx cannot start: bind() to 0.0.0.0:${ports.HTTPS_PORT} failed (98: Address already in use)`,
    );
    expect(portTaken.failures[0]).toContain(`fix: port ${ports.HTTPS_PORT} is taken`);
    expect(portTaken.failures[0]).toContain('(HTTPS_PORT; see .env.example)');
    expect(said(portTaken)).toMatch(/✓ api-2\s+ready/);
    // It stopped what it started: nothing keeps failing in the background.
    expect(JSON.parse((await inClone('status', '--json')).stdout).running).toBe(false);

    // 3. Nothing in the way: up, in development mode (api, ws and worker watch their files).
    const up = await inClone('up', '-d', '--watch');
    expect(said(up)).toContain('InsightDesk is up');
    expect(up.code).toBe(0);
    const status = JSON.parse((await inClone('status', '--json')).stdout) as {
      processes: { name: string; ready: boolean }[];
    };
    expect(status.processes.filter((p) => !p.ready).map((p) => p.name)).toEqual([]);
    const ca = readFileSync(join(clone, '.data/tls/ca.crt'), 'utf8');
    const health = await fetch(`https://localhost:${ports.HTTPS_PORT}/health/ready`, {
      tls: { ca },
    });
    expect(health.status).toBe(200);

    // The service user's directories: outside the checkout when it cannot enter it.
    const pgLink = join(clone, '.data/pg');
    const user = serviceUser();
    if (isRoot() && user) {
      expect(lstatSync(pgLink).isSymbolicLink()).toBe(true);
      expect(readlinkSync(pgLink)).toBe(join(outsideDir(clone), 'pg'));
      expect(statSync(readlinkSync(pgLink)).uid).toBe(user.uid);
      expect(statSync(readlinkSync(pgLink)).mode & 0o777).toBe(0o700);
      expect(readFileSync(join(outsideDir(clone), 'checkout'), 'utf8').trim()).toBe(clone);
    } else {
      expect(lstatSync(pgLink).isDirectory()).toBe(true);
    }

    // 4. Watch mode: an edit restarts api-1 in place (Bun's watcher, not the supervisor: same
    // pid, no restart counted), and it comes back ready.
    const api1 = async () =>
      (
        JSON.parse((await inClone('status', '--json')).stdout) as {
          processes: { name: string; pid: number; restarts: number }[];
        }
      ).processes.find((p) => p.name === 'api-1');
    const running = await api1();
    const log = join(clone, '.data/logs/api-1.log');
    const starts = () => readFileSync(log, 'utf8').split('configuration loaded').length - 1;
    const before = starts();
    appendFileSync(join(clone, 'services/api/src/main.ts'), '\n// edited by a test\n');
    await eventually(() => starts() > before, 60_000, 250);
    await eventually(async () => {
      const res = await fetch(`http://127.0.0.1:${ports.STACK_PORT_BASE + 1}/health/ready`);
      return res.status === 200;
    }, 60_000);
    const after = await api1();
    expect({ pid: after?.pid, restarts: after?.restarts }).toEqual({
      pid: running?.pid,
      restarts: running?.restarts,
    });

    // 5. Without --watch the services run their bundles: one started again after an edit runs
    // the bundle of the sources as they are now, never the one of the sources before it.
    expect((await inClone('down')).code).toBe(0);
    expect((await inClone('up', '-d')).code).toBe(0);
    const bundleOfApi1 = async () => {
      const pid = (await api1())?.pid;
      const [, script] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return script;
    };
    const first = await bundleOfApi1();
    expect(first).toMatch(/\/\.data\/bundles\/[0-9a-f]{16}\/api\/main\.js$/);
    // A statement, not a comment: a bundle keeps no comments.
    appendFileSync(
      join(clone, 'services/api/src/main.ts'),
      "\n(globalThis as Record<string, unknown>).editedByATest = 'edited again by a test';\n",
    );
    expect((await inClone('stop', 'api-1')).code).toBe(0);
    expect((await inClone('start', 'api-1')).code).toBe(0);
    const second = await bundleOfApi1();
    expect(second).toMatch(/\/\.data\/bundles\/[0-9a-f]{16}\/api\/main\.js$/);
    expect(second).not.toBe(first);
    expect(readFileSync(second ?? '', 'utf8')).toContain('edited again by a test');

    // 6. Reset: the data inside and outside the checkout are gone.
    const reset = await inClone('reset');
    expect(reset.code).toBe(0);
    expect(existsSync(join(clone, '.data'))).toBe(false);
    expect(existsSync(outsideDir(clone))).toBe(false);
  }, 600_000);
});
