import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createArchivedCluster } from '../tools/stack/backup/cluster';
import { pgbackrest, repositoryInfo } from '../tools/stack/backup/pgbackrest';
import { restoreDataDirectory } from '../tools/stack/backup/restore';
import { freePort } from '../tools/stack/drill-restore/environment';
import { paths } from '../tools/stack/paths';
import { asServiceUser, pgBinDir } from '../tools/stack/system';

// Backup and restore with pgBackRest as the stack configures it (lz4, aes-256-cbc, two
// processes), per GB of cluster, beside a floor measured in the same run: the same data directory
// copied with `cp -a` (read and written once, neither compressed nor encrypted).
//
//   bun bench/backup.ts          # BENCH_SCALE=70: pgbench's tables at scale 70, about 1 GB
//
// Starts a PostgreSQL and repository of its own under .data/ (none of the stack's), loads it,
// then times: a full backup; a differential one after 1% of the rows changed; the files of a
// restore into a fresh directory; the restored cluster's start to promotion. Prints seconds per
// GB and each against the copy.
const SCALE = Number(process.env.BENCH_SCALE ?? 70);
const GB = 1024 ** 3;

const seconds = async (run: () => Promise<unknown>) => {
  const began = performance.now();
  await run();
  return (performance.now() - began) / 1000;
};
const mustRun = (cmd: string[], env: Record<string, string> = {}) => {
  const done = Bun.spawnSync(cmd, { env: { ...process.env, ...env }, stderr: 'pipe' });
  if (done.exitCode !== 0) throw new Error(`${cmd[0]}: ${done.stderr.toString().slice(-500)}`);
};

const cluster = await createArchivedCluster({
  name: 'bench-backup',
  port: freePort(),
  archiveTimeoutSeconds: 60,
});
try {
  const url = cluster.url('postgres');
  console.error(`loading pgbench's tables at scale ${SCALE}`);
  mustRun([join(pgBinDir(), 'pgbench'), '-i', '-q', '-s', String(SCALE), url]);
  await pgbackrest(cluster.stanza, 'check');
  const sql = cluster.connect();
  const [{ bytes } = { bytes: 0 }] = await sql<{ bytes: number }[]>`
    select sum(pg_database_size(datname))::float8 as bytes from pg_database`;
  await sql.end();
  const gb = bytes / GB;

  await cluster.stop();
  const copyDir = `${cluster.dataDir}-copy`;
  const copy = await seconds(async () =>
    mustRun(asServiceUser(['cp', '-a', cluster.dataDir, copyDir])),
  );
  rmSync(copyDir, { recursive: true, force: true });
  await cluster.start();

  const full = await seconds(() => pgbackrest(cluster.stanza, 'backup', ['--type=full']));
  mustRun([
    join(pgBinDir(), 'psql'),
    url,
    '-qc',
    `update pgbench_accounts set abalance = abalance + 1 where aid % 100 = 0`,
  ]);
  const diff = await seconds(() => pgbackrest(cluster.stanza, 'backup', ['--type=diff']));
  const info = await repositoryInfo(cluster.stanza);
  await pgbackrest(cluster.stanza, 'check');
  await cluster.stop();

  const restoreFiles = await seconds(() =>
    restoreDataDirectory(cluster.stanza, cluster.dataDir, { kind: 'latest' }),
  );
  const promote = await seconds(() => cluster.start());

  const result = {
    scale: SCALE,
    clusterGb: Number(gb.toFixed(2)),
    repositoryGb: Number((info.backups.reduce((n, b) => n + b.repoSize, 0) / GB).toFixed(2)),
    copySecondsPerGb: Number((copy / gb).toFixed(2)),
    fullBackupSecondsPerGb: Number((full / gb).toFixed(2)),
    diffBackupSeconds: Number(diff.toFixed(1)),
    restoreFilesSecondsPerGb: Number((restoreFiles / gb).toFixed(2)),
    restoreReplayAndPromoteSeconds: Number(promote.toFixed(1)),
    fullBackupVsCopy: Number((full / copy).toFixed(2)),
    restoreVsCopy: Number(((restoreFiles + promote) / copy).toFixed(2)),
  };
  console.log(JSON.stringify(result, null, 2));
  const dir = join(paths.root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `backup-${Date.now()}.json`), JSON.stringify(result));
} finally {
  await cluster.remove();
}
