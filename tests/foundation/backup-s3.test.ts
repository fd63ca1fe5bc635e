import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ArchivedCluster, createArchivedCluster } from '../../tools/stack/backup/cluster';
import { pgbackrest, repositoryInfo } from '../../tools/stack/backup/pgbackrest';
import { restoreDataDirectory } from '../../tools/stack/backup/restore';
import { startTlsS3, type TlsS3 } from '../support/s3-tls';
import { freePort } from '../support/stack';

// The production repository's kind, S3, against the S3-compatible server the suite already uses
// for storage (s3rver), behind TLS with a certificate of the stack's local CA: pgBackRest speaks
// only HTTPS to S3 and verifies the certificate. Its own PostgreSQL archives there from the
// start; a base backup, a time between two commits, the cluster lost, restored to the time.

let s3: TlsS3;
let cluster: ArchivedCluster;
let target = '';

beforeAll(async () => {
  s3 = await startTlsS3('insightdesk-backups');
  cluster = await createArchivedCluster({
    name: `backup-s3-test-${process.pid}`,
    port: freePort(),
    archiveTimeoutSeconds: 60,
    repository: s3.repository('/insightdesk'),
  });
  const sql = cluster.connect();
  try {
    await sql`create table notes (id int primary key, note text not null)`;
    await sql`insert into notes values (1, 'in the base backup')`;
    await pgbackrest(cluster.stanza, 'backup', ['--type=full']);
    await Bun.sleep(1100);
    await sql`insert into notes values (2, 'archived before the target')`;
    const [mark] = await sql<{ target: string }[]>`select clock_timestamp()::text as target`;
    target = mark?.target ?? '';
    await sql`insert into notes values (3, 'after the target')`;
  } finally {
    await sql.end();
  }
  await pgbackrest(cluster.stanza, 'check');
  await cluster.stop('SIGKILL');
}, 180_000);

afterAll(async () => {
  await cluster?.remove();
  await s3?.stop();
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
