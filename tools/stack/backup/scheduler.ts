import { appendFileSync, existsSync } from 'node:fs';
import { logFile } from '../paths';
import type { StackSettings } from '../settings';
import { localStanza, RESTORING_MARK } from './local';
import { pgbackrest, repositoryInfo } from './pgbackrest';
import { dueBackup } from './schedule';
import { timelineOf } from './timelines';

// The local stack's backup schedule, run by the supervisor while the stack is up (the cron of a
// machine, the CronJob of a cluster): once a minute, while PostgreSQL is ready and no restore is
// under way, it takes the backup that is due (schedule.ts) — the first full one right after the
// first start. Each backup and its outcome are one line of .data/logs/backup.log.

const CHECK_EVERY_MS = 60_000;
const FIRST_CHECK_MS = 5_000;

export function startBackupSchedule(options: {
  readonly settings: StackSettings;
  /** Whether the stack's PostgreSQL is up and ready now. */
  readonly postgresReady: () => boolean;
}): { stop(): Promise<void> } {
  const log = (line: string) =>
    appendFileSync(logFile('backup'), `${new Date().toISOString()} ${line}\n`);
  const aborted = new AbortController();
  let running: Promise<void> | undefined;
  let timer: Timer | undefined;

  async function tick() {
    if (existsSync(RESTORING_MARK) || !options.postgresReady()) return;
    const stanza = localStanza();
    const info = await repositoryInfo(stanza);
    const timeline = info.archive ? timelineOf(info.archive.max) : 1;
    const type = dueBackup(info.backups, Date.now(), options.settings.stack.backup, timeline);
    if (!type) return;
    const began = performance.now();
    log(`${type} backup started`);
    await pgbackrest(stanza, 'backup', [`--type=${type}`], aborted.signal);
    const [newest] = (await repositoryInfo(stanza)).backups.slice(-1);
    log(
      `${type} backup ${newest?.label ?? '?'} done in ${((performance.now() - began) / 1000).toFixed(1)} s`,
    );
  }

  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      running = tick()
        .catch((err: Error) => {
          if (!aborted.signal.aborted) log(`backup failed: ${err.message}`);
        })
        .finally(() => {
          running = undefined;
          if (!aborted.signal.aborted) schedule(CHECK_EVERY_MS);
        });
    }, ms);
  };
  schedule(FIRST_CHECK_MS);

  return {
    async stop() {
      aborted.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
