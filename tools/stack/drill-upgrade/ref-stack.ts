import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_STACK_PORTS } from '@insightdesk/shared/config';
import { DrillFailure, run } from '../drill-commands';
import { paths } from '../paths';

// The release an upgrade starts from, running: a git worktree of REF (its code, never committed
// anywhere) with a complete stack of its own — `./stack up -d` of that release, on a block of
// ports of its own (the K×100 layout of .env.local) and its own .data — whose mail lands in this
// checkout's maildir (its .data/mail is a link to ours), where the soak's workload reads it.

export interface RefStack {
  /** The worktree's directory. */
  readonly root: string;
  readonly commit: string;
  readonly ports: { [K in keyof typeof LOCAL_STACK_PORTS]: number };
  /** Runs the release's own `./stack` there (its up, stop, start, down, reset). */
  stack(...args: string[]): { code: number; out: string };
  /** Stops and deletes everything: its processes, its data, the worktree. */
  remove(): void;
}

const portTaken = (port: number) => {
  try {
    Bun.listen({ hostname: '0.0.0.0', port, socket: { data() {} } }).stop(true);
    return false;
  } catch {
    return true;
  }
};

/** A block of free ports below Linux's ephemeral range: every default moved by K×100. */
function portBlock(): RefStack['ports'] {
  for (const k of [56, 57, 58, 59, 55, 54, 53]) {
    const block = Object.fromEntries(
      Object.entries(LOCAL_STACK_PORTS).map(([name, port]) => [name, port + k * 100]),
    ) as RefStack['ports'];
    const services = [1, 2, 11, 12, 21, 22, 31].map((n) => block.STACK_PORT_BASE + n);
    if (![...Object.values(block), ...services].some(portTaken)) return block;
  }
  throw new DrillFailure('no free block of ports for the release to upgrade from');
}

/** `ref` as a full commit hash of this repository. */
export function resolveCommit(ref: string): string {
  const out = run(['git', '-C', paths.root, 'rev-parse', '--verify', `${ref}^{commit}`]);
  if (out.code !== 0) throw new DrillFailure(`no commit ${ref} in this repository`);
  return out.stdout.trim();
}

export function startRefStack(commit: string, log: (line: string) => void): RefStack {
  const parent = mkdtempSync(join(tmpdir(), 'insightdesk-upgrade-'));
  const root = join(parent, commit.slice(0, 7));
  const added = run(['git', '-C', paths.root, 'worktree', 'add', '--detach', root, commit]);
  if (added.code !== 0) throw new DrillFailure(`git worktree add failed: ${added.stderr.trim()}`);
  const ports = portBlock();
  writeFileSync(
    join(root, '.env.local'),
    `${Object.entries(ports)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
  mkdirSync(join(root, '.data'), { recursive: true });
  mkdirSync(paths.mail, { recursive: true });
  symlinkSync(paths.mail, join(root, '.data/mail'));
  // `./stack` finds Bun on the PATH: this very one.
  const bin = join(parent, 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'bun'));
  const env: Record<string, string> = {
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: process.env.HOME ?? '/root',
    LANG: 'C.UTF-8',
    ...(process.env.USER ? { USER: process.env.USER } : {}),
  };
  const stack = (...args: string[]) => {
    const result = Bun.spawnSync([join(root, 'stack'), ...args], {
      cwd: root,
      env,
      stdout: 'pipe',
      stderr: 'pipe',
    });
    return {
      code: result.exitCode ?? 1,
      out: `${result.stdout.toString()}${result.stderr.toString()}`,
    };
  };
  const remove = () => {
    if (existsSync(join(root, 'stack'))) {
      stack('down');
      // Our maildir is only linked: the release's reset must not reach it.
      const mail = join(root, '.data/mail');
      if (existsSync(mail) && lstatSync(mail).isSymbolicLink()) unlinkSync(mail);
      stack('reset');
    }
    run(['git', '-C', paths.root, 'worktree', 'remove', '--force', root]);
    run(['git', '-C', paths.root, 'worktree', 'prune']);
    rmSync(parent, { recursive: true, force: true });
  };
  log(`release ${commit.slice(0, 7)} in ${root}, https://localhost:${ports.HTTPS_PORT}`);
  return { root, commit, ports, stack, remove };
}
