import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chownToServiceUser } from '../system';
import type { Stanza } from './pgbackrest';
import { type PgbackrestSettings, pgbackrestConf, type Repository } from './pgbackrest-conf';

// Where one cluster's backups live on this machine: a directory of the service user's holding
// pgBackRest's configuration, the password file of its connection, the spool of the
// asynchronous archiver, its logs and locks, and (unless the repository is S3) the repository.

export interface BackupLayout {
  readonly base: string;
  readonly configFile: string;
  readonly passFile: string;
  readonly repository: string;
  readonly spool: string;
  readonly logs: string;
  readonly locks: string;
}

export function backupLayout(base: string): BackupLayout {
  return {
    base,
    configFile: join(base, 'pgbackrest.conf'),
    passFile: join(base, 'pgpass'),
    repository: join(base, 'repository'),
    spool: join(base, 'spool'),
    logs: join(base, 'log'),
    locks: join(base, 'lock'),
  };
}

/**
 * Writes the configuration and the password file (both 0600, the service user's), and makes the
 * directories pgBackRest writes to. Idempotent: a file written again with other settings (a
 * port moved) takes effect at pgBackRest's next run.
 */
export function writeBackupFiles(
  layout: BackupLayout,
  settings: Omit<PgbackrestSettings, 'spoolPath' | 'logPath' | 'lockPath' | 'repository'> & {
    readonly repository?: Repository;
    /** The superuser's password, for the password file of the backups' connection. */
    readonly password: string;
  },
): Stanza {
  for (const dir of [layout.base, layout.spool, layout.logs, layout.locks])
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { password, ...rest } = settings;
  const repository = settings.repository ?? { type: 'posix', path: layout.repository };
  if (repository.type === 'posix') mkdirSync(repository.path, { recursive: true, mode: 0o700 });
  const secretFile = (path: string, text: string) => {
    writeFileSync(path, text, { mode: 0o600 });
    chmodSync(path, 0o600);
  };
  secretFile(
    layout.configFile,
    pgbackrestConf({
      ...rest,
      repository,
      spoolPath: layout.spool,
      logPath: layout.logs,
      lockPath: layout.locks,
    }),
  );
  // libpq's password file: `:` and `\` inside a field are escaped with a backslash.
  const escaped = password.replace(/[\\:]/g, (c) => `\\${c}`);
  secretFile(layout.passFile, `127.0.0.1:${settings.pgPort}:*:postgres:${escaped}\n`);
  chownToServiceUser(layout.base);
  return { configFile: layout.configFile, stanza: settings.stanza, passFile: layout.passFile };
}
