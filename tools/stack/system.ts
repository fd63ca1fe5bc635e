import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { paths } from './paths';

export interface ServiceUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export const isRoot = () => process.getuid?.() === 0;

function lookupUser(name: string): ServiceUser | undefined {
  const uid = Bun.spawnSync(['id', '-u', name], { stderr: 'ignore' });
  const gid = Bun.spawnSync(['id', '-g', name], { stderr: 'ignore' });
  if (uid.exitCode !== 0 || gid.exitCode !== 0) return undefined;
  return {
    name,
    uid: Number(uid.stdout.toString().trim()),
    gid: Number(gid.stdout.toString().trim()),
  };
}

let cachedUser: ServiceUser | null | undefined;

/**
 * PostgreSQL refuses to run as root and nginx workers should not: as root, they run as the
 * `postgres` system user (created by the postgresql package) or a dedicated `insightdesk` user.
 * Not root: everything runs as the current user and this returns null.
 */
export function serviceUser(): ServiceUser | null {
  if (cachedUser !== undefined) return cachedUser;
  if (!isRoot()) {
    cachedUser = null;
    return null;
  }
  let user = lookupUser('postgres') ?? lookupUser('insightdesk');
  if (!user) {
    const made = Bun.spawnSync(
      ['useradd', '--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'insightdesk'],
      { stderr: 'inherit' },
    );
    if (made.exitCode !== 0) throw new Error('could not create the system user "insightdesk"');
    user = lookupUser('insightdesk');
  }
  if (!user) throw new Error('no non-root user to run PostgreSQL as');
  cachedUser = user;
  return user;
}

/** Runs `cmd` as the service user (exec, no extra process: signals reach the program). */
export function asServiceUser(cmd: string[]): string[] {
  const user = serviceUser();
  if (!user) return cmd;
  return ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--', ...cmd];
}

export function chownToServiceUser(path: string): void {
  const user = serviceUser();
  if (user) Bun.spawnSync(['chown', '-R', `${user.uid}:${user.gid}`, path]);
}

function serviceUserCanWrite(dir: string): boolean {
  const user = serviceUser();
  if (!user) return true;
  const probe = Bun.spawnSync(
    ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', 'test', '-w', dir],
    { stderr: 'ignore' },
  );
  return probe.exitCode === 0;
}

/**
 * A directory under .data/ owned by the service user. When the checkout itself is not reachable
 * for that user (e.g. under /root, mode 700), the directory lives in /var/lib/insightdesk/ and
 * .data/<name> is a symlink to it.
 */
export function serviceDataDir(name: string): string {
  const local = join(paths.data, name);
  if (existsSync(local) && lstatSync(local).isSymbolicLink()) return readlinkSync(local);
  mkdirSync(local, { recursive: true });
  chownToServiceUser(local);
  if (serviceUserCanWrite(local)) return local;
  const hash = createHash('sha1').update(paths.root).digest('hex').slice(0, 12);
  const outside = join('/var/lib/insightdesk', hash, name);
  mkdirSync(outside, { recursive: true });
  chownToServiceUser(outside);
  Bun.spawnSync(['rmdir', local]);
  symlinkSync(outside, local);
  return outside;
}

export function which(binary: string, extra: readonly string[] = []): string | undefined {
  for (const dir of [
    ...extra,
    ...(process.env.PATH ?? '').split(':'),
    '/usr/sbin',
    '/usr/bin',
    '/sbin',
  ]) {
    const candidate = join(dir, binary);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function pgBinDir(): string {
  const dir = process.env.STACK_PG_BINDIR;
  if (dir && existsSync(join(dir, 'postgres'))) return dir;
  const found = Bun.spawnSync([
    'sh',
    '-c',
    'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1',
  ]);
  const guess = found.stdout.toString().trim();
  if (guess && existsSync(join(guess, 'postgres'))) return guess;
  throw new Error('PostgreSQL binaries not found (install postgresql)');
}

export function valkeyBinary(): string {
  const bin = which('valkey-server') ?? which('redis-server');
  if (!bin) throw new Error('neither valkey-server nor redis-server is installed');
  return bin;
}
