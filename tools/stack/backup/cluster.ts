import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  lstatSync,
  openSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Subprocess } from 'bun';
import postgres from 'postgres';
import { initPgCluster } from '../bootstrap';
import { paths } from '../paths';
import { postgresCommand } from '../processes';
import { chownToServiceUser, serviceDataDir } from '../system';
import { type BackupLayout, backupLayout, writeBackupFiles } from './layout';
import { pgbackrest, type Stanza } from './pgbackrest';
import { archiveSettings, type Repository, settingArgs, type TlsServer } from './pgbackrest-conf';
import { awaitPromotion } from './restore';

// A PostgreSQL cluster of its own, archiving from its first start into a pgBackRest repository
// of its own: what the restore drill, the suite's restore test and the backup bench run, beside
// the stack and never touching its cluster or its backups. Everything lives in one directory of
// the service user's under .data/ (or outside the checkout, as system.ts decides).

export interface ArchivedCluster {
  readonly name: string;
  readonly base: string;
  readonly dataDir: string;
  readonly port: number;
  readonly stanza: Stanza;
  readonly layout: BackupLayout;
  /** A superuser connection (close it). */
  connect(database?: string): postgres.Sql;
  /** A URL for `database` as the superuser. */
  url(database: string): string;
  /** Starts PostgreSQL on the data directory and waits until it takes writes. */
  start(extra?: Record<string, string>): Promise<void>;
  /** SIGINT: PostgreSQL's fast shutdown. SIGKILL: a crash. */
  stop(signal?: 'SIGINT' | 'SIGKILL'): Promise<void>;
  readonly running: boolean;
  /** Stops the server if it runs, and removes everything: the cluster, its repository, its logs. */
  remove(): Promise<void>;
}

export interface ArchivedClusterOptions {
  /** The directory's name under .data/ (unique per run). */
  readonly name: string;
  readonly port: number;
  readonly archiveTimeoutSeconds: number;
  /** PostgreSQL settings of every start (beyond the stack's and archiving's). */
  readonly settings?: Record<string, string>;
  /** Omitted: a directory beside the cluster. */
  readonly repository?: Repository;
  readonly retention?: { readonly fullDays: number; readonly diff: number };
  /** The superuser's password; omitted: a random one. */
  readonly password?: string;
  /** The stanza's name; omitted: `main`. */
  readonly stanza?: string;
  /** pgBackRest's TLS server on this host (`pgbackrest server`), for a repository host. */
  readonly tlsServer?: TlsServer;
}

/**
 * initdb, pgBackRest's files and its stanza (the cluster is started for stanza-create). What a
 * killed run left under the same name is removed first; what this one made, if it fails.
 */
export async function createArchivedCluster(
  options: ArchivedClusterOptions,
): Promise<ArchivedCluster> {
  removeDirectory(options.name);
  const base = serviceDataDir(options.name);
  const layout = backupLayout(base);
  const dataDir = join(base, 'pg');
  const password = options.password ?? randomBytes(18).toString('base64url');
  const stanza = writeBackupFiles(layout, {
    stanza: options.stanza ?? 'main',
    pgPath: dataDir,
    pgPort: options.port,
    password,
    cipherPass: randomBytes(32).toString('base64url'),
    retention: options.retention ?? { fullDays: 14, diff: 7 },
    ...(options.repository ? { repository: options.repository } : {}),
    ...(options.tlsServer ? { tlsServer: options.tlsServer } : {}),
  });
  initPgCluster(dataDir, password);
  const logFile = join(base, 'postgres.log');
  writeFileSync(logFile, '');
  chownToServiceUser(logFile);
  let server: Subprocess | undefined;
  const url = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  const connect = (database = 'postgres') =>
    postgres(url(database), { max: 1, onnotice: () => undefined, connect_timeout: 5 });

  const cluster: ArchivedCluster = {
    name: options.name,
    base,
    dataDir,
    port: options.port,
    stanza,
    layout,
    connect,
    url,
    get running() {
      return server !== undefined && server.exitCode === null && server.signalCode === null;
    },
    async start(extra = {}) {
      const settings = {
        ...archiveSettings({
          configFile: layout.configFile,
          stanza: stanza.stanza,
          timeoutSeconds: options.archiveTimeoutSeconds,
        }),
        ...options.settings,
        ...extra,
        logging_collector: 'off',
      };
      const log = openSync(logFile, 'a');
      const proc = Bun.spawn(postgresCommand(dataDir, options.port, settingArgs(settings)), {
        cwd: '/',
        stdout: log,
        stderr: log,
      });
      closeSync(log);
      server = proc;
      try {
        await awaitPromotion(connect, () => proc.exitCode !== null || proc.signalCode !== null);
      } catch (err) {
        const log = readFileSync(logFile, 'utf8').trim().split('\n').slice(-8).join('\n');
        throw new Error(`${(err as Error).message}; its log ends:\n${log}`);
      }
    },
    async stop(signal = 'SIGINT') {
      if (!server) return;
      server.kill(signal);
      await server.exited;
      server = undefined;
    },
    async remove() {
      await cluster.stop('SIGKILL');
      removeDirectory(options.name);
    },
  };
  try {
    await cluster.start();
    await pgbackrest(stanza, 'stanza-create');
  } catch (err) {
    await cluster.remove();
    throw err;
  }
  return cluster;
}

/** .data/<name> and, when it is a link to a directory outside the checkout, that directory. */
function removeDirectory(name: string) {
  const local = join(paths.data, name);
  if (existsSync(local) && lstatSync(local).isSymbolicLink())
    rmSync(readlinkSync(local), { recursive: true, force: true });
  rmSync(local, { recursive: true, force: true });
}
