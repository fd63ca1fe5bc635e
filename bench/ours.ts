import { join } from 'node:path';
import { currentBundles } from '../tools/stack/bundles';
import { ROOT, type Started, startInstances } from './lib';

/**
 * Instances of one of our services started by a bench (besides the stack's own), on `ports`,
 * with the environment the supervisor gives its processes; `env` adds to it (or overrides it,
 * e.g. a budget a bench must not hit) and `bunArgs` go before the entry point (`--cpu-prof-md`).
 * From the sources, or with BENCH_FROM=bundle from the bundle `./stack up` runs (built by it).
 */
export function startOurs(
  service: 'api' | 'ws' | 'worker',
  ports: readonly number[],
  options: {
    env?: Record<string, string>;
    /** Environment of the i-th instance (0-based) besides the common one. */
    instanceEnv?: (i: number) => Record<string, string>;
    bunArgs?: readonly string[];
  } = {},
): Promise<Started> {
  return startInstances(
    `ours-${service}`,
    ports,
    (port, i) => ({
      cmd: [process.execPath, ...(options.bunArgs ?? []), entryPoint(service)],
      env: {
        NODE_ENV: process.env.NODE_ENV ?? 'development',
        LOG_FORMAT: 'json',
        INSTANCE_ID: `bench-${service}-${i + 1}`,
        HOST: '127.0.0.1',
        PORT: String(port),
        ...options.env,
        ...options.instanceEnv?.(i),
      },
    }),
    '/health/ready',
  );
}

function entryPoint(service: string): string {
  if (process.env.BENCH_FROM !== 'bundle') return join(ROOT, `services/${service}/src/main.ts`);
  const bundles = currentBundles();
  if (!bundles) throw new Error('no bundle of these sources: ./stack up -d builds it');
  return join(bundles, service, 'main.js');
}
