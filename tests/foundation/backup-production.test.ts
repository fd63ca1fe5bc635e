import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subprocess } from 'bun';
import { type ArchivedCluster, createArchivedCluster } from '../../tools/stack/backup/cluster';
import { pgbackrest, repositoryInfo } from '../../tools/stack/backup/pgbackrest';
import { type PgbackrestSettings, pgbackrestConf } from '../../tools/stack/backup/pgbackrest-conf';
import { restoreDataDirectory } from '../../tools/stack/backup/restore';
import { asServiceUser, chownToServiceUser } from '../../tools/stack/system';
import { relayFromIpv6Loopback, startTlsS3, type TlsS3 } from '../support/s3-tls';
import { DATA, eventually, freePort, ROOT } from '../support/stack';

// The production backup files, run. The database host's pgbackrest.conf
// (deploy/pgbackrest/database-host.conf) and the backup CronJob's
// (deploy/kubernetes/overlays/production-pgbackrest/pgbackrest.conf) are what the local stack's
// renderer writes for the production settings. Then a PostgreSQL of its own plays the database
// host — archiving into an encrypted S3 repository (s3rver behind TLS) and running pgBackRest's
// TLS server — and the CronJob's file, with only its addresses and paths moved to this machine,
// takes a full backup over mutual TLS and verifies the repository, as the CronJobs run it; the
// backup restores. A client certificate of another name is refused.

const CRONJOB_CONF = join(ROOT, 'deploy/kubernetes/overlays/production-pgbackrest/pgbackrest.conf');
const DATABASE_HOST_CONF = join(ROOT, 'deploy/pgbackrest/database-host.conf');

/** The production choices both files are written from (docs/backups.md). */
const production = {
  stanza: 'insightdesk',
  pgPath: '/var/lib/postgresql/15/main',
  pgPort: 5432,
  repository: {
    type: 's3',
    path: '/insightdesk',
    bucket: 'insightdesk-backups',
    region: 'eu-central-1',
    endpoint: 's3.eu-central-1.amazonaws.com',
    uriStyle: 'host',
  },
  retention: { fullDays: 28, diff: 7 },
  processMax: 2,
} satisfies Partial<PgbackrestSettings>;

/** A configuration file's settings, comments left out. */
const settingsOf = (text: string) =>
  text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n')
    .trim();

/** The file with `overrides` (by section, then option) put in place or added. */
function overridden(text: string, overrides: Record<string, Record<string, string | number>>) {
  let section = '';
  const left = structuredClone(overrides);
  const lines: string[] = [];
  const flush = () => {
    for (const [k, v] of Object.entries(left[section] ?? {})) lines.push(`${k}=${v}`);
    delete left[section];
  };
  for (const line of text.split('\n')) {
    const header = line.match(/^\[(.+)\]$/);
    if (header) {
      if (lines.at(-1) === '') lines.pop();
      flush();
      lines.push('');
      section = header[1] as string;
    } else {
      const name = line.split('=')[0] as string;
      const value = left[section]?.[name];
      if (value !== undefined) {
        lines.push(`${name}=${value}`);
        delete left[section]?.[name];
        continue;
      }
    }
    lines.push(line);
  }
  flush();
  return `${lines.join('\n')}\n`;
}

describe('the production pgBackRest files', () => {
  test('are what the renderer writes for the production settings', () => {
    expect(settingsOf(readFileSync(CRONJOB_CONF, 'utf8'))).toBe(
      pgbackrestConf({
        ...production,
        spoolPath: '/tmp/pgbackrest/spool',
        lockPath: '/tmp/pgbackrest/lock',
        pgHost: {
          host: 'postgres.internal',
          port: 8432,
          caFile: '/etc/pgbackrest/tls/ca.crt',
          certFile: '/etc/pgbackrest/tls/tls.crt',
          keyFile: '/etc/pgbackrest/tls/tls.key',
        },
      }).trim(),
    );
    expect(settingsOf(readFileSync(DATABASE_HOST_CONF, 'utf8'))).toBe(
      pgbackrestConf({
        ...production,
        spoolPath: '/var/spool/pgbackrest',
        logPath: '/var/log/pgbackrest',
        lockPath: '/tmp/pgbackrest',
        tlsServer: {
          address: '0.0.0.0',
          port: 8432,
          caFile: '/etc/pgbackrest/tls/ca.crt',
          certFile: '/etc/pgbackrest/tls/server.crt',
          keyFile: '/etc/pgbackrest/tls/server.key',
          clientName: 'insightdesk-backup',
        },
      }).trim(),
    );
  });
});

describe("the backup CronJob's configuration, run against a database host", () => {
  let s3: TlsS3;
  let cluster: ArchivedCluster;
  let server: Subprocess | undefined;
  let relay: { close(): void } | undefined;
  let dir = '';
  let serverPort = 0;
  let secrets: Record<string, string> = {};

  /** A client certificate of the stack's CA for `name`, and its key, in `dir`. */
  function clientCertificate(name: string) {
    const key = join(dir, `${name}.key`);
    const cert = join(dir, `${name}.crt`);
    const run = (args: string[]) => {
      const done = Bun.spawnSync(['openssl', ...args], { stderr: 'pipe' });
      if (done.exitCode !== 0) throw new Error(`openssl: ${done.stderr.toString()}`);
    };
    run(
      ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat(
        ['-keyout', key, '-out', `${cert}.csr`, '-subj', `/CN=${name}`],
      ),
    );
    writeFileSync(`${cert}.ext`, 'extendedKeyUsage=clientAuth\n');
    run(
      ['x509', '-req', '-in', `${cert}.csr`, '-CA', join(DATA, 'tls/ca.crt')]
        .concat([
          '-CAkey',
          join(DATA, 'tls/ca.key'),
          '-CAcreateserial',
          '-CAserial',
          join(dir, 'ca.srl'),
        ])
        .concat(['-out', cert, '-days', '1', '-extfile', `${cert}.ext`]),
    );
    return { key, cert };
  }

  /** The CronJob's pgbackrest.conf with this machine's addresses and paths, for `client`. */
  function cronJobConf(client: { key: string; cert: string }) {
    const path = join(dir, `cronjob-${client.cert.split('/').pop()}.conf`);
    writeFileSync(
      path,
      overridden(readFileSync(CRONJOB_CONF, 'utf8'), {
        global: {
          'repo1-s3-endpoint': 'localhost',
          'repo1-s3-region': 'us-east-1',
          'repo1-s3-uri-style': 'path',
          'repo1-storage-port': s3.port,
          'repo1-storage-ca-file': s3.caFile,
          'spool-path': join(dir, 'spool'),
          'lock-path': join(dir, 'lock'),
        },
        insightdesk: {
          'pg1-host': 'localhost',
          'pg1-host-port': serverPort,
          'pg1-host-ca-file': join(dir, 'ca.crt'),
          'pg1-host-cert-file': client.cert,
          'pg1-host-key-file': client.key,
          'pg1-path': cluster.dataDir,
          'pg1-port': cluster.port,
        },
      }),
    );
    chownToServiceUser(dir);
    return path;
  }

  /** pgBackRest as a CronJob's pod runs it: its arguments, the Secret's variables. */
  async function asCronJob(conf: string, args: string[]) {
    const proc = Bun.spawn(asServiceUser(['pgbackrest', `--config=${conf}`, ...args]), {
      cwd: '/',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...secrets },
      stdout: 'pipe',
      stderr: 'pipe',
    });
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    return { code, output: `${out}${err}` };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'insightdesk-backup-host-'));
    chmodSync(dir, 0o755);
    s3 = await startTlsS3(production.repository.bucket);
    serverPort = freePort();
    // The database host's server certificate: the stack's, for `localhost`.
    copyFileSync(join(DATA, 'tls/ca.crt'), join(dir, 'ca.crt'));
    copyFileSync(join(DATA, 'tls/localhost.crt'), join(dir, 'server.crt'));
    copyFileSync(join(DATA, 'tls/localhost.key'), join(dir, 'server.key'));
    cluster = await createArchivedCluster({
      name: `backup-production-test-${process.pid}`,
      port: freePort(),
      archiveTimeoutSeconds: 60,
      stanza: production.stanza,
      repository: s3.repository(production.repository.path),
      tlsServer: {
        address: '127.0.0.1',
        port: serverPort,
        caFile: join(dir, 'ca.crt'),
        certFile: join(dir, 'server.crt'),
        keyFile: join(dir, 'server.key'),
        clientName: 'insightdesk-backup',
      },
    });
    chownToServiceUser(dir);
    // The CronJob's Secret: the database host's passphrase and the bucket's keys.
    const hostConf = readFileSync(cluster.layout.configFile, 'utf8');
    secrets = {
      PGBACKREST_REPO1_CIPHER_PASS: hostConf.match(/^repo1-cipher-pass=(.*)$/m)?.[1] ?? '',
      PGBACKREST_REPO1_S3_KEY: 'S3RVER',
      PGBACKREST_REPO1_S3_KEY_SECRET: 'S3RVER',
    };
    // `pgbackrest server`, as Debian's pgbackrest.service runs it on the database host; its
    // queries reach PostgreSQL over loopback TCP here (a Unix socket on a real host).
    server = Bun.spawn(
      asServiceUser(['pgbackrest', `--config=${cluster.layout.configFile}`, 'server']),
      {
        cwd: '/',
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          PGHOST: '127.0.0.1',
          PGPASSFILE: cluster.layout.passFile,
        },
        stdout: 'ignore',
        stderr: 'inherit',
      },
    );
    relay = await relayFromIpv6Loopback(serverPort);
    await eventually(
      () =>
        Bun.connect({ hostname: '127.0.0.1', port: serverPort, socket: { data() {} } })
          .then((s) => {
            s.end();
            return true;
          })
          .catch(() => false),
      20_000,
      100,
    );
    const sql = cluster.connect();
    try {
      await sql`create table notes (id int primary key)`;
      await sql`insert into notes values (1)`;
    } finally {
      await sql.end();
    }
  }, 180_000);

  afterAll(async () => {
    relay?.close();
    server?.kill();
    await server?.exited;
    await cluster?.remove();
    await s3?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a full backup over mutual TLS into the S3 repository, verified, and restored from', async () => {
    const conf = cronJobConf(clientCertificate('insightdesk-backup'));
    const backup = await asCronJob(conf, ['--stanza=insightdesk', '--type=full', 'backup']);
    expect(backup).toMatchObject({ code: 0 });
    const verify = await asCronJob(conf, ['--stanza=insightdesk', 'verify']);
    expect(verify).toMatchObject({ code: 0 });
    // The database host sees the backup in the repository it archives to.
    const info = await repositoryInfo(cluster.stanza);
    expect(info.backups.map((b) => b.type)).toEqual(['full']);
    const sql = cluster.connect();
    try {
      await sql`insert into notes values (2)`;
    } finally {
      await sql.end();
    }
    await pgbackrest(cluster.stanza, 'check');
    await cluster.stop('SIGKILL');
    await restoreDataDirectory(cluster.stanza, cluster.dataDir, { kind: 'latest' });
    await cluster.start();
    const restored = cluster.connect();
    try {
      expect(
        (await restored<{ id: number }[]>`select id from notes order by id`).map((r) => r.id),
      ).toEqual([1, 2]);
    } finally {
      await restored.end();
    }
  }, 180_000);

  test('a client certificate of another name is refused by the database host', async () => {
    const conf = cronJobConf(clientCertificate('someone-else'));
    const backup = await asCronJob(conf, ['--stanza=insightdesk', '--type=full', 'backup']);
    expect(backup.code).not.toBe(0);
    expect(backup.output).toMatch(/AccessError.*access denied/);
  }, 120_000);
});
