// pgBackRest's configuration file, written from what a deployment decides: one stanza (the
// PostgreSQL cluster), one repository (a local directory, or an S3 bucket), encrypted, with
// asynchronous WAL archiving and retention. The local stack, its drill and the suite's restore
// tests take their file from here, and a test holds the production files to it: the database
// host's (with its TLS server, tlsServer) and the backup CronJob's (a repository host reaching the
// database host's pgBackRest over TLS, pgHost) in deploy/kubernetes/overlays/production-pgbackrest.

/** Where the backups live: a directory (the local stack) or an S3 (or S3-compatible) bucket. */
export type Repository =
  | { readonly type: 'posix'; readonly path: string }
  | {
      readonly type: 's3';
      /** The repository's path inside the bucket (`/insightdesk`). */
      readonly path: string;
      readonly bucket: string;
      readonly region: string;
      /** The endpoint's host name (`s3.eu-west-1.amazonaws.com`, `localhost` for an emulator). */
      readonly endpoint: string;
      /** Omitted: 443. */
      readonly port?: number;
      /** `path` for emulators and most S3-compatible servers; AWS takes `host`. */
      readonly uriStyle?: 'host' | 'path';
      /** A CA file to verify the endpoint with (a private CA); omitted: the system's. */
      readonly caFile?: string;
      /** Omitted: given by the environment (PGBACKREST_REPO1_S3_KEY…) or the pod's role. */
      readonly key?: string;
      readonly keySecret?: string;
    };

/** How long backups are kept: full ones by age, differential ones by count. */
export interface Retention {
  /** Full backups (and the WAL they need) are kept until they are this many days old. */
  readonly fullDays: number;
  /** Differential backups kept (the newest N; each needs its full one). */
  readonly diff: number;
}

/** A repository host's way to the database host's pgBackRest server (mutual TLS). */
export interface PgHost {
  readonly host: string;
  readonly port: number;
  /** The CA that signed the server's certificate, and this client's certificate and key. */
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** The database host's pgBackRest server, which a repository host's backups reach. */
export interface TlsServer {
  readonly address: string;
  readonly port: number;
  /** The CA that signed the clients' certificates, and the server's certificate and key. */
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** The common name of the one client certificate allowed in, for this stanza. */
  readonly clientName: string;
}

export interface PgbackrestSettings {
  readonly stanza: string;
  /** The data directory of the cluster, as the host running pgBackRest sees it. */
  readonly pgPath: string;
  readonly pgPort: number;
  /** Where pgBackRest spools WAL for the asynchronous archiver, logs and locks. */
  readonly spoolPath: string;
  /** Omitted: no log files, and the console says what pgBackRest does (a pod's log). */
  readonly logPath?: string;
  readonly lockPath: string;
  readonly repository: Repository;
  /**
   * The repository's passphrase (aes-256-cbc): backups and WAL are encrypted before they leave
   * the host. Omitted: written by the environment (PGBACKREST_REPO1_CIPHER_PASS), never here.
   */
  readonly cipherPass?: string;
  readonly retention: Retention;
  /** Parallel processes for backup, restore and the asynchronous archiver. */
  readonly processMax?: number;
  /** On a repository host: the database host, reached through its pgBackRest server. */
  readonly pgHost?: PgHost;
  /** On the database host: its pgBackRest server, for a repository host's backups. */
  readonly tlsServer?: TlsServer;
}

/** The value as pgBackRest reads it: one line, no `=` ambiguity for it to trip on. */
function value(name: string, raw: string | number): string {
  const text = String(raw);
  if (/[\r\n]/.test(text)) throw new Error(`pgBackRest option ${name} cannot hold a line break`);
  return text;
}

function repositoryLines(repo: Repository): [string, string | number][] {
  if (repo.type === 'posix') return [['repo1-path', repo.path]];
  return [
    ['repo1-type', 's3'],
    ['repo1-path', repo.path],
    ['repo1-s3-bucket', repo.bucket],
    ['repo1-s3-region', repo.region],
    ['repo1-s3-endpoint', repo.endpoint],
    ...(repo.port ? ([['repo1-storage-port', repo.port]] as [string, number][]) : []),
    ['repo1-s3-uri-style', repo.uriStyle ?? 'host'],
    ...(repo.caFile ? ([['repo1-storage-ca-file', repo.caFile]] as [string, string][]) : []),
    ...(repo.key ? ([['repo1-s3-key', repo.key]] as [string, string][]) : []),
    ...(repo.keySecret ? ([['repo1-s3-key-secret', repo.keySecret]] as [string, string][]) : []),
  ];
}

/** The text of pgbackrest.conf. */
export function pgbackrestConf(settings: PgbackrestSettings): string {
  const global: [string, string | number][] = [
    ...repositoryLines(settings.repository),
    ['repo1-cipher-type', 'aes-256-cbc'],
    ...(settings.cipherPass
      ? ([['repo1-cipher-pass', settings.cipherPass]] as [string, string][])
      : []),
    // Full backups by age (days), differential ones by count; WAL older than the oldest full
    // backup kept is expired with it.
    ['repo1-retention-full-type', 'time'],
    ['repo1-retention-full', settings.retention.fullDays],
    ['repo1-retention-diff', settings.retention.diff],
    // WAL leaves through a local spool, several segments per push: archive_command returns at
    // once and PostgreSQL never waits on the repository.
    ['archive-async', 'y'],
    ['spool-path', settings.spoolPath],
    ['process-max', settings.processMax ?? 2],
    ['compress-type', 'lz4'],
    // A backup starts with an immediate checkpoint, not at the next scheduled one.
    ['start-fast', 'y'],
    ...((settings.logPath
      ? [
          ['log-path', settings.logPath],
          ['lock-path', settings.lockPath],
          ['log-level-console', 'warn'],
          ['log-level-file', 'info'],
        ]
      : [
          ['lock-path', settings.lockPath],
          ['log-level-console', 'info'],
          ['log-level-file', 'off'],
        ]) as [string, string][]),
    ...tlsServerLines(settings.tlsServer, settings.stanza),
  ];
  const host = settings.pgHost;
  const stanza: [string, string | number][] = [
    ...(host
      ? ([
          ['pg1-host', host.host],
          ['pg1-host-type', 'tls'],
          ['pg1-host-port', host.port],
          ['pg1-host-ca-file', host.caFile],
          ['pg1-host-cert-file', host.certFile],
          ['pg1-host-key-file', host.keyFile],
        ] as [string, string | number][])
      : []),
    ['pg1-path', settings.pgPath],
    ['pg1-port', settings.pgPort],
  ];
  const section = (name: string, lines: [string, string | number][]) =>
    [`[${name}]`, ...lines.map(([k, v]) => `${k}=${value(k, v)}`)].join('\n');
  return `${section('global', global)}\n\n${section(settings.stanza, stanza)}\n`;
}

function tlsServerLines(
  server: TlsServer | undefined,
  stanza: string,
): [string, string | number][] {
  if (!server) return [];
  return [
    ['tls-server-address', server.address],
    ['tls-server-port', server.port],
    ['tls-server-ca-file', server.caFile],
    ['tls-server-cert-file', server.certFile],
    ['tls-server-key-file', server.keyFile],
    // That client, for this stanza alone.
    ['tls-server-auth', `${server.clientName}=${stanza}`],
  ];
}

/** Quotes a path for the shell PostgreSQL runs archive_command in, `%` escaped for PostgreSQL. */
function shellQuoted(path: string): string {
  return `'${path.replaceAll("'", `'\\''`).replaceAll('%', '%%')}'`;
}

/**
 * PostgreSQL's settings for archiving every WAL segment through pgBackRest: `archive_timeout`
 * switches to a new segment after that many seconds with changes, so no change waits longer to
 * reach the repository than that (plus the push): the recovery point objective.
 */
export function archiveSettings(options: {
  readonly configFile: string;
  readonly stanza: string;
  readonly timeoutSeconds: number;
}): Record<string, string> {
  return {
    archive_mode: 'on',
    archive_command: `pgbackrest --config=${shellQuoted(options.configFile)} --stanza=${options.stanza} archive-push %p`,
    archive_timeout: `${options.timeoutSeconds}s`,
  };
}

/** Settings as `postgres -c name=value` arguments. */
export function settingArgs(settings: Record<string, string>): string[] {
  return Object.entries(settings).flatMap(([name, v]) => ['-c', `${name}=${v}`]);
}
