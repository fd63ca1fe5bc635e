import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from '@insightdesk/shared/valkey';
import { EPOCH_KEY } from '@insightdesk/shared/valkey';
import { callSupervisor, supervisorStatus } from '../control';
import { paths } from '../paths';
import { FAULT_KINDS, type FaultKind, type FaultRecord } from './history';

/** mulberry32: a small seeded generator, so that a failing run's schedule can be replayed. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
export type Random = ReturnType<typeof seeded>;

/**
 * The run's faults in order: every kind once first (shuffled by the seed), then kinds drawn by
 * the seed; each with its target instance and the pause before it.
 */
export function faultSchedule(random: Random, count: number) {
  const kinds: FaultKind[] = [...FAULT_KINDS];
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [kinds[i], kinds[j]] = [kinds[j] as FaultKind, kinds[i] as FaultKind];
  }
  while (kinds.length < count) kinds.push(random.pick(FAULT_KINDS));
  return kinds.map((kind) => ({
    kind,
    instance: random.int(1, 2),
    service: random.pick(['api', 'ws', 'worker'] as const),
    pauseMs: random.int(2000, 6000),
    stopMs: random.int(2000, 5000),
  }));
}
export type ScheduledFault = ReturnType<typeof faultSchedule>[number];

async function pidOf(name: string): Promise<number> {
  const status = (await supervisorStatus()) ?? [];
  const pid = status.find((p) => p.name === name)?.pid;
  if (!pid) throw new Error(`${name} has no pid (not running?)`);
  return pid;
}

/** Every process the stack wants up answers ready, and every service instance says so itself. */
export async function allReady(timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await supervisorStatus()) ?? [];
    const wanted = status.filter((p) => p.desired === 'up');
    let ready = wanted.length > 0 && wanted.every((p) => p.ready);
    if (ready) {
      const services = wanted.filter((p) => /^(api|ws|worker)-\d+$/.test(p.name) && p.port);
      const answers = await Promise.all(
        services.map((p) =>
          fetch(`http://127.0.0.1:${p.port}/health/ready`, { signal: AbortSignal.timeout(2000) })
            .then((r) => r.ok)
            .catch(() => false),
        ),
      );
      ready = answers.every(Boolean);
    }
    if (ready) return;
    if (Date.now() > deadline) throw new Error('the stack did not come back ready after a fault');
    await Bun.sleep(200);
  }
}

async function restart(name: string, between?: () => void) {
  await callSupervisor('POST', '/stop', { names: [name] });
  between?.();
  await callSupervisor('POST', '/up', { names: [name] });
}

/** Waits until a worker found Valkey's data lost and began a new epoch (shared/src/valkey/epoch.ts). */
async function epochFound(valkey: Redis, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await valkey.get(EPOCH_KEY).catch(() => null)) !== null) return;
    await Bun.sleep(200);
  }
}

/**
 * Injects one fault and waits until the stack is whole again: its window is from the injection
 * to that moment (the checker adds a grace to it).
 */
export async function inject(fault: ScheduledFault, valkey: Redis): Promise<FaultRecord> {
  const instance = `${fault.service}-${fault.instance}`;
  const start = Date.now();
  let target = instance;
  switch (fault.kind) {
    case 'sigkill-api':
    case 'sigkill-ws':
    case 'sigkill-worker':
    case 'sigterm-api':
    case 'sigterm-ws':
    case 'sigterm-worker': {
      const [signal, service] = fault.kind.split('-') as [string, string];
      target = `${service}-${fault.instance}`;
      // The supervisor restarts it, as an orchestrator would.
      process.kill(await pidOf(target), signal.toUpperCase() as NodeJS.Signals);
      await Bun.sleep(1000);
      break;
    }
    case 'sigstop': {
      const pid = await pidOf(instance);
      process.kill(pid, 'SIGSTOP');
      await Bun.sleep(fault.stopMs);
      process.kill(pid, 'SIGCONT');
      break;
    }
    case 'valkey-restart':
      target = 'valkey';
      await restart('valkey');
      break;
    case 'valkey-wipe':
      // A restart without persistence: the append-only file is gone when it comes back.
      target = 'valkey';
      await restart('valkey', () => {
        for (const name of readdirSync(paths.valkey))
          rmSync(join(paths.valkey, name), { recursive: true, force: true });
      });
      break;
    case 'valkey-flushall':
      target = 'valkey';
      await valkey.flushall();
      // The workers find the loss within a second and start re-driving; the next fault may
      // land in the middle of that recovery (its lease is then taken over).
      await epochFound(valkey);
      break;
    case 'postgres-restart':
      target = 'postgres';
      await restart('postgres');
      break;
    case 'nginx-reload':
      target = 'nginx';
      process.kill(await pidOf('nginx'), 'SIGHUP');
      await Bun.sleep(500);
      break;
  }
  await allReady();
  return { kind: fault.kind, target, start, end: Date.now() };
}
