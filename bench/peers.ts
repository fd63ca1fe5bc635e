import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  appConfig,
  authConfig,
  dbConfig,
  loadConfig,
  mailConfig,
  rateLimitConfig,
  valkeyConfig,
  workerConfig,
} from '@insightdesk/shared/config';
import { which } from '../tools/stack/system';
import { ROOT, type Started, startInstances } from './lib';

// The peers (bench/peers/): what a user would pick instead, on Node, with the same logical work.
// Their dependencies live in bench/peers/package.json (its own lockfile), never in the product's
// image; installed on first use.
export const PEERS = join(ROOT, 'bench', 'peers');

/** Node from PATH (the machine's, Node ≥ 20), or BENCH_NODE. */
export function nodeBinary(): string {
  const node = process.env.BENCH_NODE ?? which('node');
  if (!node) throw new Error('node is not installed (the peers run on Node ≥ 20)');
  return node;
}

export function ensurePeerModules(): void {
  if (existsSync(join(PEERS, 'node_modules', '.bin'))) return;
  console.error('==> installing the peers (bench/peers, bun install --frozen-lockfile)');
  const r = Bun.spawnSync([process.execPath, 'install', '--frozen-lockfile'], {
    cwd: PEERS,
    stdout: 'inherit',
    stderr: 'inherit',
  });
  if (r.exitCode !== 0) throw new Error('could not install bench/peers');
}

/** What the peers read from their environment: the stack's own database, Valkey and JWT key. */
export function peerEnv(extra: Record<string, string> = {}): Record<string, string> {
  const config = loadConfig(
    {
      app: appConfig,
      db: dbConfig,
      valkey: valkeyConfig,
      auth: authConfig,
      rateLimit: rateLimitConfig,
      mail: mailConfig,
      worker: workerConfig,
    },
    { dir: ROOT },
  );
  const [key] = config.auth.signingKeys;
  if (!key) throw new Error('no JWT signing key configured');
  return {
    NODE_ENV: 'production',
    DATABASE_URL: config.db.url,
    VALKEY_URL: config.valkey.url,
    JWT_SECRET: key.secret,
    RATE_LIMIT_USER_PER_MINUTE: String(config.rateLimit.userPerMinute),
    SMTP_URL: config.mail.smtpUrl,
    INVITATION_SECRET: config.auth.invitationSecret,
    PUBLIC_URL: config.app.publicUrl,
    WORKER_CONCURRENCY: String(config.worker.concurrency),
    ...extra,
  };
}

/** Instances of a peer (`bench/peers/<script>`) on Node, on `ports`. */
export async function startPeer(
  script: string,
  ports: readonly number[],
  options: {
    nodeArgs?: readonly string[];
    env?: Record<string, string>;
    /** Environment of the i-th instance (0-based) besides the common one. */
    instanceEnv?: (i: number) => Record<string, string>;
    probe?: string;
  } = {},
): Promise<Started> {
  ensurePeerModules();
  const env = peerEnv(options.env);
  return startInstances(
    `peer-${script.replace(/\.mjs$/, '')}`,
    ports,
    (port, i) => ({
      cmd: [nodeBinary(), ...(options.nodeArgs ?? []), join(PEERS, script), String(port)],
      env: { ...env, INSTANCE_ID: `peer-${i + 1}`, ...options.instanceEnv?.(i) },
    }),
    options.probe,
  );
}
