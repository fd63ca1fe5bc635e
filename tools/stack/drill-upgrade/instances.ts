import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Subprocess } from 'bun';
import { DrillFailure } from '../drill-commands';
import { logFile, paths } from '../paths';
import type { RefStack } from './ref-stack';

// The instances of the new release during an upgrade: this checkout's sources (`to`: a worktree
// of another commit), each in the place of one of the release's own (its name and port), with the
// release's configuration — run from its directory, so its .env.local (ports) and .data (stored
// files) are theirs too — as the release's supervisor would start it.

export type Service = 'api' | 'ws' | 'worker';

export interface NewInstance {
  readonly name: string;
  readonly port: number;
  readonly proc: Subprocess;
}

export const servicePortOf = (ref: RefStack, service: Service, n: number) =>
  ref.ports.STACK_PORT_BASE + { api: 0, ws: 10, worker: 20 }[service] + n;

export function startNewInstance(
  ref: RefStack,
  code: string,
  service: Service,
  n: number,
): NewInstance {
  const name = `${service}-${n}`;
  const port = servicePortOf(ref, service, n);
  const log = logFile(`drill-upgrade-${name}`);
  writeFileSync(log, '', { flag: 'a' });
  const proc = Bun.spawn([process.execPath, join(code, `services/${service}/src/main.ts`)], {
    cwd: ref.root,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      NODE_ENV: 'development',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      NODE_EXTRA_CA_CERTS: join(ref.root, '.data/tls/ca.crt'),
      INSTANCE_ID: name,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdout: Bun.file(log),
    stderr: Bun.file(log),
  });
  return { name, port, proc };
}

/** The instance's full health report once it answers ready (its own port). */
export async function readyReport(
  port: number,
  what: string,
  timeoutMs = 120_000,
): Promise<{ version?: string; service: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) return (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as never;
    await Bun.sleep(200);
  }
  throw new DrillFailure(`${what} not ready within ${timeoutMs / 1000} s (see ${paths.logs})`);
}

/** SIGTERM, and the instance's own drain: resolves when it exited. */
export async function stopNewInstance(instance: NewInstance): Promise<number> {
  instance.proc.kill('SIGTERM');
  return instance.proc.exited;
}
