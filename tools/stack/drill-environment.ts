import { readFileSync } from 'node:fs';

// What the drills need of the machine beyond root, checked before they start: each answer is
// one line naming the environment, so that a drill that cannot work here says so at once
// instead of failing halfway (as both did inside a chroot: `ip netns exec` and podman's layer
// extraction remount `/`, which is not a mount point there).

export interface EnvironmentFacts {
  readonly uid: number;
  /** /proc/self/mountinfo, or undefined when /proc is not mounted. */
  readonly mountinfo: string | undefined;
  /** /proc/self/uid_map. */
  readonly uidMap: string | undefined;
  /** Whether a new network namespace can be made (`unshare --net`). */
  readonly netns: () => boolean;
}

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

export function machineFacts(): EnvironmentFacts {
  return {
    uid: process.getuid?.() ?? 0,
    mountinfo: read('/proc/self/mountinfo'),
    uidMap: read('/proc/self/uid_map'),
    netns: () => Bun.spawnSync(['unshare', '--net', 'true'], { stderr: 'ignore' }).exitCode === 0,
  };
}

/** The whole uid range mapped onto itself: the machine's own root, not a user namespace's. */
const INITIAL_UID_MAP = /^\s*0\s+0\s+4294967295\s*$/;

/** Why `drill` cannot run in this environment, in one line; undefined when it can. */
export function environmentProblem(
  drill: 'hosts' | 'containers',
  facts: EnvironmentFacts = machineFacts(),
): string | undefined {
  if (facts.uid !== 0)
    return 'it needs root (podman, network namespaces, firewall rules): run it as root or with sudo';
  if (facts.mountinfo === undefined)
    return '/proc is not mounted here (a chroot entered without mounting /proc?): mount it (mount -t proc proc /proc) or run on a regular machine';
  if (facts.uidMap !== undefined && !INITIAL_UID_MAP.test(facts.uidMap))
    return `this is root of a user namespace (uid map "${facts.uidMap.trim().replace(/\s+/g, ' ')}"), not of the machine: ${
      drill === 'hosts'
        ? 'network namespaces and firewall rules'
        : 'device nodes (debootstrap) and podman'
    } need the machine's root; run on a regular machine or VM`;
  const mountPoints = facts.mountinfo
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ')[4]);
  if (!mountPoints.includes('/'))
    return `this root is a chroot whose / is not a mount point: ${
      drill === 'hosts' ? '`ip netns exec`' : "podman's image layers (podman import, build)"
    } must remount / and cannot (EINVAL); bind-mount the root onto itself before entering it (mount --bind DIR DIR), or run on a regular machine or VM`;
  if (drill === 'hosts' && !facts.netns())
    return 'network namespaces cannot be created here (unshare --net fails): run on a regular machine or VM';
  return undefined;
}
