import { supervisorStatus } from '../control';
import { ok, say, table } from '../output';
import { backupsUnavailable, localStanza } from './local';
import { type BackupSet, type BackupType, pgbackrest, repositoryInfo } from './pgbackrest';

// `./stack backup [--type full|diff|incr]` and `./stack backups`: the stack's pgBackRest
// repository, by hand (restore-stack.ts restores from it).

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const instant = (d: Date) =>
  d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');

/** `--type X` (full when not given: one backup that needs no other). */
export function parseBackupType(args: readonly string[]): BackupType {
  const i = args.indexOf('--type');
  if (i < 0) return 'full';
  const type = args[i + 1];
  if (type === 'full' || type === 'diff' || type === 'incr') return type;
  throw new Error('--type takes full, diff or incr');
}

/** Takes a backup of the running stack's PostgreSQL now; answers it. */
export async function backupNow(type: BackupType): Promise<BackupSet> {
  const unavailable = backupsUnavailable();
  if (unavailable) throw new Error(unavailable);
  const status = await supervisorStatus();
  if (!status?.some((p) => p.name === 'postgres' && p.ready))
    throw new Error("the stack's PostgreSQL is not running (./stack up -d)");
  const stanza = localStanza();
  say(`taking a ${type} backup of the stack's PostgreSQL`);
  const began = performance.now();
  await pgbackrest(stanza, 'backup', [`--type=${type}`]);
  const backups = (await repositoryInfo(stanza)).backups;
  const made = backups[backups.length - 1];
  if (!made) throw new Error('pgbackrest reported success but the repository lists no backup');
  ok(
    `${made.label}: ${megabytes(made.size)} of cluster, ${megabytes(made.repoSize)} in the repository, ${((performance.now() - began) / 1000).toFixed(1)} s`,
  );
  return made;
}

/** The repository's backups, oldest first, with the WAL each needs and what is archived. */
export async function listBackups(): Promise<string> {
  const info = await repositoryInfo(localStanza());
  const rows = info.backups.map((b) => [
    b.label,
    b.type,
    instant(b.start),
    instant(b.stop),
    megabytes(b.size),
    megabytes(b.repoSize),
    `${b.walStart}..${b.walStop}`,
  ]);
  const archive = info.archive
    ? `archived WAL: ${info.archive.min}..${info.archive.max}`
    : 'archived WAL: none yet';
  const restorable = info.backups[0]
    ? `restorable: ${instant(info.backups[0].stop)} up to the last archived change (./stack restore --to <time|latest|label>)`
    : 'no backup yet: ./stack backup takes one';
  return [
    rows.length > 0
      ? table([['LABEL', 'TYPE', 'STARTED', 'CONSISTENT AT', 'SIZE', 'STORED', 'WAL'], ...rows])
      : `status: ${info.status.message}`,
    archive,
    restorable,
  ].join('\n');
}
