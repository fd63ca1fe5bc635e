import { describe, expect, test } from 'bun:test';
import { archiveSettings, pgbackrestConf, settingArgs } from './pgbackrest-conf';

const base = {
  stanza: 'insightdesk',
  pgPath: '/var/lib/insightdesk/pg',
  pgPort: 25432,
  spoolPath: '/b/spool',
  logPath: '/b/log',
  lockPath: '/b/lock',
  cipherPass: 'passphrase',
  retention: { fullDays: 14, diff: 7 },
};
const lines = (text: string) => text.split('\n');

describe('pgbackrest.conf', () => {
  test('a posix repository: encrypted, asynchronous archiving, retention by age and count', () => {
    const conf = pgbackrestConf({ ...base, repository: { type: 'posix', path: '/b/repo' } });
    expect(lines(conf)).toEqual([
      '[global]',
      'repo1-path=/b/repo',
      'repo1-cipher-type=aes-256-cbc',
      'repo1-cipher-pass=passphrase',
      'repo1-retention-full-type=time',
      'repo1-retention-full=14',
      'repo1-retention-diff=7',
      'archive-async=y',
      'spool-path=/b/spool',
      'process-max=2',
      'compress-type=lz4',
      'start-fast=y',
      'log-path=/b/log',
      'lock-path=/b/lock',
      'log-level-console=warn',
      'log-level-file=info',
      '',
      '[insightdesk]',
      'pg1-path=/var/lib/insightdesk/pg',
      'pg1-port=25432',
      '',
    ]);
  });

  test('an S3 repository; secrets left to the environment when not given', () => {
    const conf = pgbackrestConf({
      ...base,
      cipherPass: undefined,
      repository: {
        type: 's3',
        path: '/insightdesk',
        bucket: 'backups',
        region: 'eu-west-1',
        endpoint: 's3.eu-west-1.amazonaws.com',
      },
    });
    expect(lines(conf).slice(1, 8)).toEqual([
      'repo1-type=s3',
      'repo1-path=/insightdesk',
      'repo1-s3-bucket=backups',
      'repo1-s3-region=eu-west-1',
      'repo1-s3-endpoint=s3.eu-west-1.amazonaws.com',
      'repo1-s3-uri-style=host',
      'repo1-cipher-type=aes-256-cbc',
    ]);
    expect(conf).not.toMatch(/cipher-pass|s3-key/);
  });

  test('a value with a line break (a second option smuggled in) is refused', () => {
    expect(() =>
      pgbackrestConf({
        ...base,
        cipherPass: 'x\nrepo1-cipher-type=none',
        repository: { type: 'posix', path: '/b/repo' },
      }),
    ).toThrow(/line break/);
  });
});

describe("PostgreSQL's archiving settings", () => {
  test('archive_command reaches pgBackRest with the configuration path intact, whatever it holds', () => {
    const configFile = "/srv/it's a 100% odd/pgbackrest.conf";
    const settings = archiveSettings({ configFile, stanza: 'main', timeoutSeconds: 60 });
    expect(settings.archive_mode).toBe('on');
    expect(settings.archive_timeout).toBe('60s');
    // What PostgreSQL runs: %p replaced, %% made %, the line given to sh.
    const command = (settings.archive_command as string)
      .replaceAll('%p', 'pg_wal/000000010000000000000001')
      .replaceAll('%%', '%')
      .replace(/^pgbackrest /, "printf '%s\\n' ");
    const run = Bun.spawnSync(['sh', '-c', command]);
    expect(run.stdout.toString().trimEnd().split('\n')).toEqual([
      `--config=${configFile}`,
      '--stanza=main',
      'archive-push',
      'pg_wal/000000010000000000000001',
    ]);
    expect(settingArgs({ archive_mode: 'on' })).toEqual(['-c', 'archive_mode=on']);
  });
});
