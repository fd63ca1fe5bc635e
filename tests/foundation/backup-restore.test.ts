import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type ArchivedCluster, createArchivedCluster } from '../../tools/stack/backup/cluster';
import { pgbackrest, repositoryInfo } from '../../tools/stack/backup/pgbackrest';
import { restoreDataDirectory } from '../../tools/stack/backup/restore';
import { unreachable } from '../../tools/stack/backup/restore-stack';
import { freePort } from '../support/stack';

// A PostgreSQL of its own (not the stack's), archiving through pgBackRest into an encrypted posix
// repository of its own from its first start: a base backup, changes on both sides of a recorded
// time, the data directory lost, then restores — to the time, to the latest archived change —
// each checked for exactly which rows are present.

let cluster: ArchivedCluster;
/** The instant between the two known commits, as PostgreSQL's clock gave it. */
let target = '';
const NEEDLE = `needle-${crypto.randomUUID()}`;

const rows = async () => {
  const sql = cluster.connect();
  try {
    return (await sql<{ id: number; note: string }[]>`select id, note from notes order by id`).map(
      (r) => `${r.id}:${r.note}`,
    );
  } finally {
    await sql.end();
  }
};

/** Every file of a directory tree, with its path. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

beforeAll(async () => {
  cluster = await createArchivedCluster({
    name: `backup-restore-test-${process.pid}`,
    port: freePort(),
    archiveTimeoutSeconds: 60,
  });
  const sql = cluster.connect();
  try {
    await sql`create table notes (id int primary key, note text not null)`;
    await sql`insert into notes values (1, 'one'), (2, 'two')`;
    await pgbackrest(cluster.stanza, 'backup', ['--type=full']);
    // pgBackRest records a backup's end to the second, and restores a time from the newest
    // backup that ended before it: the target must be past that second.
    await Bun.sleep(1100);
    // After the base backup, before the target: only the archived WAL holds it.
    await sql`insert into notes values (3, ${NEEDLE})`;
    const [mark] = await sql<{ target: string }[]>`select clock_timestamp()::text as target`;
    target = mark?.target ?? '';
    // After the target: a new row, a row deleted, a row changed.
    await sql`insert into notes values (4, 'four')`;
    await sql`delete from notes where id = 1`;
    await sql`update notes set note = 'two, changed' where id = 2`;
  } finally {
    await sql.end();
  }
  // A differential backup after the target: once a restore to the target branches a new
  // timeline off before it, no later restore may start from it.
  await pgbackrest(cluster.stanza, 'backup', ['--type=diff']);
  // The current WAL segment pushed to the repository (switched, archived, waited for).
  await pgbackrest(cluster.stanza, 'check');
  // The disk is lost: the server dies with it.
  await cluster.stop('SIGKILL');
}, 180_000);

afterAll(async () => {
  await cluster?.remove();
});

describe('pgBackRest backups and point-in-time restore', () => {
  test('restored to a time between two commits: every row committed before it, none after', async () => {
    const { aside } = await restoreDataDirectory(cluster.stanza, cluster.dataDir, {
      kind: 'time',
      time: target,
    });
    // The directory it replaced is kept, whole.
    expect(aside).not.toBeNull();
    expect(existsSync(join(aside as string, 'PG_VERSION'))).toBe(true);
    await cluster.start();
    expect(await rows()).toEqual(['1:one', '2:two', `3:${NEEDLE}`]);
    // A primary now, on a new timeline: it takes writes.
    const sql = cluster.connect();
    try {
      const [row] = await sql<{ timeline: number }[]>`
        select timeline_id as timeline from pg_control_checkpoint()`;
      expect(row?.timeline).toBeGreaterThan(1);
      await sql`insert into notes values (5, 'after the restore')`;
    } finally {
      await sql.end();
    }
    await pgbackrest(cluster.stanza, 'check');
    await cluster.stop();
  }, 120_000);

  test('restored to the latest archived change: the newest timeline, from a backup on its history', async () => {
    // The latest of the timeline the time restore left: its own write included.
    await restoreDataDirectory(cluster.stanza, cluster.dataDir, { kind: 'latest' });
    await cluster.start();
    // The restored cluster archived its new timeline into the same repository; latest follows
    // the newest timeline: the first restore's rows, plus its own write — not the lost branch.
    const present = await rows();
    expect(present).toContain(`3:${NEEDLE}`);
    expect(present).toContain('5:after the restore');
    expect(present).not.toContain('4:four');
    await cluster.stop();
  }, 120_000);

  test('the repository is encrypted: no file holds the data in clear, and the wrong passphrase reads nothing', async () => {
    const files = filesUnder(cluster.layout.repository).filter(
      (f) => !f.endsWith('.copy') && /\/(archive|backup)\//.test(f),
    );
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const head = readFileSync(file).subarray(0, 8).toString('latin1');
      // OpenSSL's salted header: every file pgBackRest writes there is aes-256-cbc ciphertext.
      expect({ file, head }).toEqual({ file, head: 'Salted__' });
      expect(readFileSync(file).includes(NEEDLE)).toBe(false);
    }
    const info = await repositoryInfo(cluster.stanza);
    expect(info.backups.map((b) => b.type)).toEqual(['full', 'diff']);
    const conf = readFileSync(cluster.layout.configFile, 'utf8');
    const wrong = `${cluster.layout.base}/wrong.conf`;
    await Bun.write(wrong, conf.replace(/repo1-cipher-pass=.*/, 'repo1-cipher-pass=not-it'));
    const unreadable = await repositoryInfo({ ...cluster.stanza, configFile: wrong });
    expect(unreadable.status.code).not.toBe(0);
    expect(unreadable.backups).toEqual([]);
  });

  test('a target the repository cannot reach is refused before anything is touched', async () => {
    const { backups } = await repositoryInfo(cluster.stanza);
    const before = new Date((backups[0]?.stop.getTime() ?? 0) - 60_000).toISOString();
    expect(
      unreachable({ kind: 'time', time: before.replace('T', ' ').replace('Z', '+00') }, backups),
    ).toMatch(/before the end of the oldest backup/);
    expect(unreachable({ kind: 'backup', label: '20200101-000000F' }, backups)).toMatch(
      /no backup 20200101-000000F/,
    );
    expect(unreachable({ kind: 'latest' }, [])).toMatch(/no backup yet/);
    expect(unreachable({ kind: 'latest' }, backups)).toBeNull();
  });

  test('a restore past the end of the archive fails to promote, and says so', async () => {
    const future = new Date(Date.now() + 3_600_000)
      .toISOString()
      .replace('T', ' ')
      .replace('Z', '+00');
    await restoreDataDirectory(cluster.stanza, cluster.dataDir, { kind: 'time', time: future });
    await expect(cluster.start()).rejects.toThrow(
      /recovery ended before configured recovery target/,
    );
  }, 120_000);
});
