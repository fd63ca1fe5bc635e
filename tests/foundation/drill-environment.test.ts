import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { type EnvironmentFacts, environmentProblem } from '../../tools/stack/drill-environment';
import { ROOT } from '../support/stack';

// A root inside another root cannot host the drills: each says so in one line naming the
// environment, before it starts anything.

const HOST_MOUNTS =
  '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n28 27 0:5 / /proc rw - proc proc rw\n';
/** A chroot's view: its mounts, none of them at / (the chroot directory is no mount point). */
const CHROOT_MOUNTS = '121 90 0:57 / /proc rw,relatime - proc proc rw\n';
const machine: EnvironmentFacts = {
  uid: 0,
  mountinfo: HOST_MOUNTS,
  uidMap: '         0          0 4294967295\n',
  netns: () => true,
};

describe('the drills’ environment check', () => {
  test('the machine’s root passes; each unfit environment is named in one line', () => {
    const problem = (facts: Partial<EnvironmentFacts>, drill: 'hosts' | 'containers' = 'hosts') =>
      environmentProblem(drill, { ...machine, ...facts });
    expect(problem({})).toBeUndefined();
    expect(problem({}, 'containers')).toBeUndefined();
    expect(problem({ uid: 1000 })).toContain('needs root');
    expect(problem({ mountinfo: undefined })).toContain('/proc is not mounted');
    expect(problem({ uidMap: '0 1000 1\n' })).toContain('root of a user namespace');
    expect(problem({ mountinfo: CHROOT_MOUNTS })).toContain(
      'chroot whose / is not a mount point: `ip netns exec`',
    );
    expect(problem({ mountinfo: CHROOT_MOUNTS }, 'containers')).toContain(
      "chroot whose / is not a mount point: podman's image layers",
    );
    expect(problem({ netns: () => false })).toContain('network namespaces cannot be created');
    // The containers drill does not need network namespaces.
    expect(problem({ netns: () => false }, 'containers')).toBeUndefined();
    for (const facts of [{ uid: 1 }, { mountinfo: CHROOT_MOUNTS }, { uidMap: '0 1000 1' }])
      expect(problem(facts)?.includes('\n')).toBe(false);
  });

  const canNest =
    process.getuid?.() === 0 &&
    Bun.spawnSync(['unshare', '--user', '--map-root-user', 'true']).exitCode === 0;
  test.skipIf(!canNest)(
    'as root of a nested user namespace, both drills stop at once with that line (exit 2)',
    async () => {
      for (const drill of ['hosts', 'containers']) {
        const proc = Bun.spawn(
          [
            'unshare',
            '--user',
            '--map-root-user',
            process.execPath,
            join(ROOT, 'tools/stack/cli.ts'),
            'drill',
            drill,
          ],
          { cwd: ROOT, stdout: 'pipe', stderr: 'pipe' },
        );
        const [code, stdout] = await Promise.all([proc.exited, new Response(proc.stdout).text()]);
        expect({ drill, code, lines: stdout.trim().split('\n') }).toEqual({
          drill,
          code: 2,
          lines: [
            expect.stringMatching(
              new RegExp(`^${drill} drill cannot run here: this is root of a user namespace`),
            ),
          ],
        });
      }
    },
    30_000,
  );
});
