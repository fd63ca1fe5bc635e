import { valkeyBinary } from './system';

/**
 * A valkey-server (or redis-server) of a drill's or a test's own on loopback `port`, keeping
 * nothing on disk (no snapshot, no append-only file) in `dir`; `extra`: more of its options (a
 * role's eviction policy, cluster mode…).
 */
export function scratchValkeyCommand(
  port: number,
  dir: string,
  extra: readonly string[] = [],
): string[] {
  return [
    valkeyBinary(),
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    ...extra,
  ];
}
