import { describe, expect, test } from 'bun:test';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { call } from '../support/http';
import {
  DATA,
  eventually,
  ports,
  processInfo,
  ROOT,
  runStack,
  servicePort,
  stack,
  stackStatus,
} from '../support/stack';

const EXPECTED = [
  'postgres',
  'valkey',
  'smtp',
  'db-setup',
  'api-1',
  'api-2',
  'ws-1',
  'ws-2',
  'worker-1',
  'worker-2',
  'inbound-1',
  'nginx',
];

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const allPorts = () => [
  ports.httpsPort,
  ports.httpPort,
  ports.pgPort,
  ports.valkeyPort,
  ports.smtpPort,
  ports.inboundPort,
  ...(['api', 'ws', 'worker'] as const).flatMap((s) => [servicePort(s, 1), servicePort(s, 2)]),
];

describe('./stack', () => {
  test('status --json lists every process, all ready', async () => {
    const status = await stackStatus();
    expect(status.running).toBe(true);
    expect(status.processes.map((p) => p.name)).toEqual(EXPECTED);
    // Tests before this one stop and start parts of the stack: readiness may still be returning.
    await eventually(async () => (await stackStatus()).processes.every((p) => p.ready), 30_000);
  });

  test('the services run their bundles (as the image does), or their sources under --watch', async () => {
    const status = await stackStatus();
    for (const service of ['api', 'ws', 'worker', 'inbound']) {
      const pid = status.processes.find((p) => p.name === `${service}-1`)?.pid;
      const [, ...args] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (args[0] === '--watch') {
        expect(args.at(-1)).toBe(join(ROOT, `services/${service}/src/main.ts`));
        continue;
      }
      expect(args).toEqual([
        expect.stringMatching(new RegExp(`^${DATA}/bundles/[0-9a-f]{16}/${service}/main\\.js$`)),
      ]);
      expect(existsSync(`${args[0]}.map`)).toBe(true);
    }
  });

  test('up -d on a running stack starts nothing twice', async () => {
    const before = await stackStatus();
    await stack('up', '-d');
    const after = await stackStatus();
    expect(after.processes.map((p) => p.pid)).toEqual(before.processes.map((p) => p.pid));
  });

  test('up -d after the sources changed starts the Bun services again on their new bundle, nothing else', async () => {
    const bundleOf = (pid: number | null) =>
      readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        .split('\0')
        .find((arg) => arg.startsWith(`${DATA}/bundles/`));
    const services = ['api-1', 'api-2', 'ws-1', 'ws-2', 'worker-1', 'worker-2', 'inbound-1'];
    const before = await stackStatus();
    const pidOf = (status: typeof before, name: string) =>
      status.processes.find((p) => p.name === name)?.pid ?? null;
    const bundleBefore = new Map(services.map((name) => [name, bundleOf(pidOf(before, name))]));
    // Under --watch the services read their sources: nothing of theirs is ever stale.
    const bundled = bundleOf(pidOf(before, 'api-1')) !== undefined;
    // A file among the bundles' sources: their hash changes, as with any edit.
    const probe = join(ROOT, 'services', 'api', 'src', 'stack-test-probe.txt');
    writeFileSync(probe, `a change, ${Date.now()}\n`);
    try {
      await stack('up', '-d');
      const after = await stackStatus();
      expect(after.processes.every((p) => p.ready)).toBe(true);
      // Started again one at a time: nginx had an api to send to throughout, and has now.
      expect((await call('/health/ready')).status).toBe(200);
      for (const { name, pid } of after.processes) {
        const restarted = bundled && services.includes(name);
        if (restarted) {
          expect(pid).not.toBe(pidOf(before, name));
          expect(bundleOf(pid)).not.toBe(bundleBefore.get(name));
        } else expect(pid).toBe(pidOf(before, name));
      }
    } finally {
      rmSync(probe, { force: true });
      // Back on the bundle of the sources as they are (still kept: built again only if pruned).
      await stack('up', '-d');
    }
    const back = await stackStatus();
    for (const name of services) expect(bundleOf(pidOf(back, name))).toBe(bundleBefore.get(name));
  }, 240_000);

  test('start --cpu-profile runs a Bun service under the profiler for that start; its profile is written when it stops', async () => {
    const dir = join(DATA, 'profiles', 'worker-2');
    rmSync(dir, { recursive: true, force: true });
    const argsOf = async () => {
      const { pid } = await processInfo('worker-2');
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    };
    try {
      // Running already: it starts again, under the profiler.
      await stack('start', 'worker-2', '--cpu-profile');
      expect(await argsOf()).toContain('--cpu-prof');
      await stack('stop', 'worker-2');
      const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
      expect(files).toHaveLength(1);
      const profile = JSON.parse(readFileSync(join(dir, files[0] as string), 'utf8'));
      expect(profile.nodes.length).toBeGreaterThan(0);
      expect(profile.samples.length).toBeGreaterThan(0);
    } finally {
      await stack('start', 'worker-2');
    }
    expect(await argsOf()).not.toContain('--cpu-prof');
    const refused = await runStack(['start', 'postgres', '--cpu-profile']);
    expect(refused.code).not.toBe(0);
    expect(refused.failures.join('\n')).toContain('--cpu-profile is for the Bun services');
    const stopping = await runStack(['stop', 'worker-2', '--cpu-profile']);
    expect(stopping.code).not.toBe(0);
    expect(stopping.failures.join('\n')).toContain('--cpu-profile goes with start');
    expect((await processInfo('worker-2')).ready).toBe(true);
  }, 120_000);

  test('down leaves nothing running; up -d brings everything back', async () => {
    await stack('down');
    expect(existsSync(join(DATA, 'run', 'stack.sock'))).toBe(false);
    expect(readdirSync(join(DATA, 'run')).filter((f) => f.endsWith('.pid'))).toEqual([]);
    const open = await Promise.all(allPorts().map(portOpen));
    expect(allPorts().filter((_, i) => open[i])).toEqual([]);

    await stack('up', '-d');
    expect((await call('/health/ready')).status).toBe(200);
  }, 240_000);
});
