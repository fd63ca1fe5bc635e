import { asServiceUser } from '../system';

// Running pgBackRest (Debian's `pgbackrest`) against one stanza, as the user PostgreSQL runs as:
// it reads the data directory and writes the spool, and the repository must stay that user's.
// pgBackRest reaches PostgreSQL through libpq: PGHOST (the cluster listens on loopback TCP only)
// and PGPASSFILE (the superuser's password, in a file of that user's) — never on a command line.

export interface Stanza {
  /** pgbackrest.conf (pgbackrest-conf.ts): the repository, its passphrase, the cluster. */
  readonly configFile: string;
  readonly stanza: string;
  /** A password file (`host:port:*:user:password`) for the backups' connection. */
  readonly passFile?: string;
}

export class PgbackrestError extends Error {
  constructor(
    readonly command: string,
    readonly code: number,
    readonly output: string,
  ) {
    super(`pgbackrest ${command} failed (${code}): ${output}`);
  }
}

/** The lines that say what went wrong (pgBackRest's ERROR/WARN lines, else the last ones). */
function reason(stderr: string, stdout: string): string {
  const lines = `${stderr}\n${stdout}`.split('\n').filter((l) => l.trim() !== '');
  const errors = lines.filter((l) => /ERROR|WARN|HINT/.test(l));
  return (errors.length > 0 ? errors : lines.slice(-5)).join(' | ').slice(0, 2000);
}

/**
 * Runs `pgbackrest <command> [args]` for the stanza (options and a command's own arguments, such
 * as repo-get's path, after the command) and answers its standard output; throws
 * PgbackrestError with pgBackRest's own error lines (it redacts the passphrase itself, and the
 * passphrase is in the configuration file, not on the command line).
 */
export async function pgbackrest(
  stanza: Stanza,
  command: string,
  args: readonly string[] = [],
  /** Ends pgBackRest (SIGTERM: a backup it interrupts is left unfinished, never half-trusted). */
  signal?: AbortSignal,
): Promise<string> {
  const proc = Bun.spawn(
    asServiceUser([
      'pgbackrest',
      `--config=${stanza.configFile}`,
      `--stanza=${stanza.stanza}`,
      command,
      ...args,
    ]),
    {
      // The service user may not enter the checkout: run from the root directory.
      cwd: '/',
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        PGHOST: '127.0.0.1',
        ...(stanza.passFile ? { PGPASSFILE: stanza.passFile } : {}),
      },
      stdout: 'pipe',
      stderr: 'pipe',
      ...(signal ? { signal, killSignal: 'SIGTERM' as const } : {}),
    },
  );
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new PgbackrestError(command, code, reason(stderr, stdout));
  return stdout;
}

export type BackupType = 'full' | 'diff' | 'incr';

/** One backup of the repository, as `pgbackrest info` reports it. */
export interface BackupSet {
  readonly label: string;
  readonly type: BackupType;
  /** The backup started and ended here (the end is its consistent point: the earliest target). */
  readonly start: Date;
  readonly stop: Date;
  /** The cluster's size, and what this backup added to the repository (compressed, encrypted). */
  readonly size: number;
  readonly repoSize: number;
  /** The WAL range it needs: restore replays at least from the first to the last. */
  readonly walStart: string;
  readonly walStop: string;
  /** Where its consistent point lies in the WAL (`0/2000100`). */
  readonly lsnStop: string;
  /** The full (or differential) backup it builds on; null for a full one. */
  readonly prior: string | null;
}

export interface RepositoryInfo {
  /** pgBackRest's own verdict: 0 ok, 1 missing stanza, 2 no valid backups, … */
  readonly status: { readonly code: number; readonly message: string };
  readonly backups: readonly BackupSet[];
  /**
   * The archived WAL of the current cluster: its directory in the repository (`15-1`), oldest
   * and newest segment (null: none yet).
   */
  readonly archive: { readonly id: string; readonly min: string; readonly max: string } | null;
}

// `pgbackrest info --output=json`, the fields read here.
interface InfoJson {
  status: { code: number; message: string };
  archive?: { id: string; min: string | null; max: string | null }[];
  backup?: {
    label: string;
    type: BackupType;
    timestamp: { start: number; stop: number };
    info: { size: number; repository: { delta: number } };
    archive: { start: string; stop: string };
    lsn: { start: string; stop: string };
    prior: string | null;
    error?: boolean;
  }[];
}

/** `pgbackrest info` of one stanza, parsed (a backup flagged in error is left out). */
export function parseInfo(json: string): RepositoryInfo {
  let stanza: InfoJson | undefined;
  try {
    [stanza] = JSON.parse(json) as InfoJson[];
  } catch {
    // An info file it could not decrypt is quoted back raw, and that is no JSON.
    const message = 'pgbackrest info could not read the repository (the wrong passphrase?)';
    return { status: { code: 99, message }, backups: [], archive: null };
  }
  if (!stanza)
    return { status: { code: 1, message: 'missing stanza' }, backups: [], archive: null };
  const archives = (stanza.archive ?? []).filter((a) => a.min && a.max);
  const last = archives[archives.length - 1];
  return {
    status: stanza.status,
    backups: (stanza.backup ?? [])
      .filter((b) => !b.error)
      .map((b) => ({
        label: b.label,
        type: b.type,
        start: new Date(b.timestamp.start * 1000),
        stop: new Date(b.timestamp.stop * 1000),
        size: b.info.size,
        repoSize: b.info.repository.delta,
        walStart: b.archive.start,
        walStop: b.archive.stop,
        lsnStop: b.lsn.stop,
        prior: b.prior,
      })),
    archive: last
      ? { id: last.id, min: archives[0]?.min as string, max: last.max as string }
      : null,
  };
}

export async function repositoryInfo(stanza: Stanza): Promise<RepositoryInfo> {
  return parseInfo(await pgbackrest(stanza, 'info', ['--output=json']));
}
