import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { paths } from './paths';

export interface ServiceUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export const isRoot = () => process.getuid?.() === 0;

/**
 * Whether this host (its network namespace) has IPv6: an address on some interface, as the
 * kernel lists them. No file (IPv6 not built in or disabled at boot) or an empty one
 * (`disable_ipv6` everywhere) means no; listeners then stay IPv4-only.
 */
export function hostHasIpv6(ifInet6 = '/proc/net/if_inet6'): boolean {
  try {
    return readFileSync(ifInet6, 'utf8').trim() !== '';
  } catch {
    return false;
  }
}

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

/** Whether the service user may `test` the path (-r, -w, -x, …) with its own rights only. */
function serviceUserMay(test: '-r' | '-w' | '-x', path: string): boolean {
  const user = serviceUser();
  if (!user) return true;
  const probe = Bun.spawnSync(
    ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', 'test', test, path],
    { stderr: 'ignore' },
  );
  return probe.exitCode === 0;
}

/** Where a checkout that its service user cannot enter keeps that user's directories. */
const OUTSIDE_ROOT = '/var/lib/insightdesk';

/** The directory outside a checkout that belongs to it (one per checkout path). */
export function outsideDir(root = paths.root): string {
  const hash = createHash('sha256').update(root).digest('hex').slice(0, 16);
  return join(OUTSIDE_ROOT, hash);
}

/**
 * A directory of the service user's (PostgreSQL's cluster, nginx's temporary files), returned as
 * the real path the processes must be given.
 *
 * Why outside the checkout, sometimes: as root, PostgreSQL and nginx's workers run as an
 * unprivileged user, which must be able to enter every ancestor of its directory. A checkout may
 * sit where only its owner can enter (a `mktemp -d` directory, /root: mode 0700). Opening those
 * ancestors to that user (ACLs on someone's home directory) would grant more than the one path,
 * outlive the checkout, and need a filesystem with ACLs. Instead such a checkout keeps these
 * directories in /var/lib/insightdesk/<hash of the checkout path>/, owned by the service user
 * and reachable by nobody else's grant: .data/<name> is a symlink to each (so `./stack reset`
 * finds and wipes them) and `checkout` there records whose they are. /var/lib, unlike /tmp,
 * survives a reboot, as a database must. A checkout the user can reach keeps them in .data/.
 */
export function serviceDataDir(name: string): string {
  const local = join(paths.data, name);
  if (existsSync(local) && lstatSync(local).isSymbolicLink()) return readlinkSync(local);
  mkdirSync(local, { recursive: true });
  chownToServiceUser(local);
  if (serviceUserMay('-w', local) && serviceUserMay('-x', local)) return local;
  const base = outsideDir();
  const outside = join(base, name);
  // No symlink claims it: left by an earlier checkout at this path whose .data/ was deleted
  // without `./stack reset`; its secrets went with that .data/, so it starts afresh.
  if (readdirSync(local).length > 0) {
    throw new Error(
      `.data/${name} holds data the ${serviceUserName()} user cannot reach (was the checkout moved?): ./stack reset re-creates it`,
    );
  }
  rmSync(outside, { recursive: true, force: true });
  mkdirSync(base, { recursive: true, mode: 0o755 });
  mkdirSync(outside, { mode: 0o700 });
  writeFileSync(join(base, 'checkout'), `${paths.root}\n`);
  chownToServiceUser(outside);
  rmdirSync(local);
  symlinkSync(outside, local);
  return outside;
}

/** `./stack reset`: removes this checkout's directory outside it, if it has one. */
export function removeOutsideDir(): void {
  const base = outsideDir();
  const record = join(base, 'checkout');
  if (existsSync(record) && readFileSync(record, 'utf8').trim() === paths.root)
    rmSync(base, { recursive: true, force: true });
}

/** The real path of a service user's directory (after bootstrap created it). */
export function resolvedDataDir(name: string): string {
  const local = join(paths.data, name);
  return existsSync(local) && lstatSync(local).isSymbolicLink() ? readlinkSync(local) : local;
}

/** The name of the user the stack's unprivileged processes run as (this user when not root). */
export function serviceUserName(): string {
  return serviceUser()?.name ?? process.env.USER ?? userInfo().username;
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
