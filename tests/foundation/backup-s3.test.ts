import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subprocess } from 'bun';
import { type ArchivedCluster, createArchivedCluster } from '../../tools/stack/backup/cluster';
import { pgbackrest, repositoryInfo } from '../../tools/stack/backup/pgbackrest';
import type { Repository } from '../../tools/stack/backup/pgbackrest-conf';
import { restoreDataDirectory } from '../../tools/stack/backup/restore';
import { hostHasIpv6 } from '../../tools/stack/system';
import { CA, DATA, eventually, freePort, ROOT } from '../support/stack';

// The production repository's kind, S3, against the S3-compatible server the suite already uses
// for storage (s3rver), behind TLS with a certificate of the stack's local CA: pgBackRest speaks
// only HTTPS to S3 and verifies the certificate. Its own PostgreSQL archives there from the
// start; a base backup, a time between two commits, the cluster lost, restored to the time.

const BUCKET = 'insightdesk-backups';
let s3: Subprocess | undefined;
/** Where the host has IPv6: ::1 at the same port, relayed to s3rver (see below). */
let relay: Server | undefined;
let s3Dir = '';
/** The stack's CA, copied where the service user can read it. */
let caDir = '';
let port = 0;
let cluster: ArchivedCluster;
let target = '';

const repository = (caFile: string): Repository => ({
  type: 's3',
  path: '/insightdesk',
  bucket: BUCKET,
  region: 'us-east-1',
  // The name the certificate carries (pgBackRest matches names, not addresses).
  endpoint: 'localhost',
  port,
  uriStyle: 'path',
  caFile,
  key: 'S3RVER',
  keySecret: 'S3RVER',
});

beforeAll(async () => {
  s3Dir = mkdtempSync(join(tmpdir(), 'insightdesk-backup-s3-'));
  // s3rver under Node, its own process: in this process (Bun), a backup's read of a file just
  // written came back without its content now and then ("cipher header missing", 5 of 18
  // backups); under Node, none of 24.
  port = freePort();
  s3 = Bun.spawn(
    [
      'node',
      join(ROOT, 'node_modules/s3rver/bin/s3rver.js'),
      ...['--directory', s3Dir, '--address', '127.0.0.1', '--port', String(port), '--silent'],
      ...['--key', join(DATA, 'tls/localhost.key'), '--cert', join(DATA, 'tls/localhost.crt')],
      ...['--configure-bucket', BUCKET],
    ],
    { stdout: 'ignore', stderr: 'inherit' },
  );
  await eventually(
    () =>
      fetch(`https://localhost:${port}/${BUCKET}`, { tls: { ca: CA } })
        .then(() => true)
        .catch(() => false),
    30_000,
    200,
  );
  // `localhost` is ::1 first on a stock Debian, and pgBackRest 2.45 tries only the first address
  // it resolves: ::1 relays each connection, bytes as they are (TLS end to end), to s3rver.
  if (hostHasIpv6()) {
    relay = createServer((client) => {
      const upstream = connect({ host: '127.0.0.1', port });
      client.pipe(upstream).pipe(client);
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close);
      upstream.on('error', close);
    });
    await new Promise<void>((resolve) => relay?.listen(port, '::1', resolve));
  }
  caDir = mkdtempSync(join(tmpdir(), 'insightdesk-backup-ca-'));
  chmodSync(caDir, 0o755);
  copyFileSync(join(DATA, 'tls/ca.crt'), join(caDir, 'ca.crt'));
  chmodSync(join(caDir, 'ca.crt'), 0o644);

  cluster = await createArchivedCluster({
    name: `backup-s3-test-${process.pid}`,
    port: freePort(),
    archiveTimeoutSeconds: 60,
    repository: repository(join(caDir, 'ca.crt')),
  });
  const sql = cluster.connect();
  try {
    await sql`create table notes (id int primary key, note text not null)`;
    await sql`insert into notes values (1, 'in the base backup')`;
    await pgbackrest(cluster.stanza, 'backup', ['--type=full']);
    await Bun.sleep(1100);
    await sql`insert into notes values (2, 'archived before the target')`;
    [{ target }] = await sql<{ target: string }[]>`select clock_timestamp()::text as target`;
    await sql`insert into notes values (3, 'after the target')`;
  } finally {
    await sql.end();
  }
  await pgbackrest(cluster.stanza, 'check');
  await cluster.stop('SIGKILL');
}, 180_000);

afterAll(async () => {
  await cluster?.remove();
  relay?.close();
  s3?.kill();
  await s3?.exited;
  rmSync(s3Dir, { recursive: true, force: true });
  rmSync(caDir, { recursive: true, force: true });
});

describe('pgBackRest with an S3 repository (s3rver behind TLS)', () => {
  test('the backup and the WAL are in the bucket, and a restore to a time brings back exactly the rows before it', async () => {
    const info = await repositoryInfo(cluster.stanza);
    expect(info.backups.map((b) => b.type)).toEqual(['full']);
    expect(info.archive?.max).toBeDefined();
    await restoreDataDirectory(cluster.stanza, cluster.dataDir, { kind: 'time', time: target });
    await cluster.start();
    const sql = cluster.connect();
    try {
      const rows = await sql<{ id: number }[]>`select id from notes order by id`;
      expect(rows.map((r) => r.id)).toEqual([1, 2]);
    } finally {
      await sql.end();
    }
    await cluster.stop();
  }, 120_000);

  test('the certificate is verified: without the CA that signed it, pgBackRest refuses the server', async () => {
    const conf = readFileSync(cluster.layout.configFile, 'utf8');
    const untrusting = join(cluster.layout.base, 'no-ca.conf');
    await Bun.write(untrusting, conf.replace(/^repo1-storage-ca-file=.*\n/m, ''));
    await expect(
      // pgBackRest retries a failed connection until its I/O timeout (60 s by default).
      pgbackrest({ ...cluster.stanza, configFile: untrusting }, 'info', [
        '--output=json',
        '--io-timeout=3',
      ]).then((json) => JSON.parse(json)[0].status.code),
    ).resolves.not.toBe(0);
  });
});
