import { closeSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callSupervisor, supervisorStatus } from '../control';
import { ok, say } from '../output';
import { logFile, paths } from '../paths';
import { superuser } from '../pg-superuser';
import { postgresCommand } from '../processes';
import type { StackSettings } from '../settings';
import { resolvedDataDir } from '../system';
import { backupsUnavailable, localArchiveSettings, localStanza, RESTORING_MARK } from './local';
import { pgbackrest, repositoryInfo } from './pgbackrest';
import { settingArgs } from './pgbackrest-conf';
import { awaitPromotion, restoreDataDirectory } from './restore';
import { describeTarget, type RestoreTarget, targetInstant } from './restore-target';
import { awaitValkeyRecovery, forgetValkeyData, forgetValkeyFiles } from './valkey-follows';

// `./stack restore --to <time|latest|backup>`: the stack's PostgreSQL as it was at the target,
// in a fresh data directory (the one it replaces is kept aside), Valkey following it, and the
// stack up on it.
//
//   1. Everything but Valkey and the SMTP catcher stops; with PostgreSQL still up, its current WAL
//      is pushed to the repository (`pgbackrest check` switches segments and waits), so `latest`
//      holds every committed change.
//   2. PostgreSQL stops; its data directory moves aside; pgBackRest restores into a new one.
//   3. The restored cluster runs here until it has replayed to the target and promoted itself
//      (archiving its new timeline into the same repository), then stops cleanly.
//   4. Valkey's data is dropped (valkey-follows.ts): the services find a lost Valkey and recover.
//   5. The stack comes up; the restore waits for a worker to finish the new epoch's recovery.

/** Why a target cannot be restored to, or null when the repository can reach it. */
export function unreachable(
  target: RestoreTarget,
  backups: readonly { label: string; stop: Date }[],
  now = Date.now(),
): string | null {
  if (backups.length === 0) return 'the repository holds no backup yet: ./stack backup takes one';
  if (target.kind === 'backup')
    return backups.some((b) => b.label === target.label)
      ? null
      : `no backup ${target.label} in the repository (./stack backups lists them)`;
  if (target.kind === 'time') {
    const at = targetInstant(target.time);
    // pgBackRest records a backup's end to the second and takes a backup that ended before the
    // target: a time within the second the oldest one ended cannot be reached from it.
    const earliest = Math.min(...backups.map((b) => b.stop.getTime())) + 1000;
    if (at < earliest)
      return `${target.time} is before the end of the oldest backup: the earliest time to restore to is ${new Date(earliest).toISOString()}`;
    if (at > now) return `${target.time} is in the future`;
  }
  return null;
}

export async function restoreStack(
  settings: StackSettings,
  target: RestoreTarget,
  up: () => Promise<unknown>,
): Promise<void> {
  const unavailable = backupsUnavailable();
  if (unavailable) throw new Error(unavailable);
  const stanza = localStanza();
  const info = await repositoryInfo(stanza);
  const problem = unreachable(target, info.backups);
  if (problem) throw new Error(problem);
  const began = performance.now();
  const seconds = () => `${((performance.now() - began) / 1000).toFixed(1)} s`;
  writeFileSync(RESTORING_MARK, `${process.pid}\n`);
  let aside: string | null = null;
  try {
    const status = (await supervisorStatus()) ?? [];
    const running = (group: string) => status.some((p) => p.group === group && p.pid !== null);
    const others = status
      .filter((p) => !['postgres', 'valkey', 'smtp'].includes(p.group))
      .map((p) => p.name);
    if (others.length > 0) {
      say(`stopping ${others.join(', ')}`);
      await callSupervisor('POST', '/stop', { names: others });
    }
    if (running('postgres')) {
      say('pushing the last WAL to the repository (pgbackrest check)');
      await pgbackrest(stanza, 'check').catch((err: Error) =>
        say(
          `could not push the last WAL (${err.message}); what was not archived stays in the data directory set aside`,
        ),
      );
      await callSupervisor('POST', '/stop', { names: ['postgres'] });
    }

    const dataDir = resolvedDataDir('pg');
    say(`restoring ${describeTarget(target)} into a fresh ${dataDir}`);
    ({ aside } = await restoreDataDirectory(stanza, dataDir, target));
    if (aside) ok(`the data directory it replaces is kept as ${aside}`);
    ok(`restored the files (${seconds()})`);

    say('replaying the archived WAL to the target');
    const log = openSync(logFile('restore'), 'a');
    const server = Bun.spawn(
      postgresCommand(dataDir, settings.stack.pgPort, settingArgs(localArchiveSettings(settings))),
      { cwd: '/', stdout: log, stderr: log },
    );
    closeSync(log);
    try {
      await awaitPromotion(
        () => superuser(settings.stack.pgPort),
        () => server.exitCode !== null,
      ).catch((err: Error) => {
        throw new Error(
          `${err.message} — see .data/logs/restore.log (a target past the end of the archive ends recovery with "recovery ended before configured recovery target was reached")`,
        );
      });
      ok(`PostgreSQL promoted on a new timeline (${seconds()})`);
      // The cluster may predate migrations this checkout has: db-setup applies them (the
      // supervisor's one-shot ran already and does not run again on its own).
      const setup = Bun.spawnSync([process.execPath, join(paths.root, 'tools/stack/db-setup.ts')], {
        cwd: paths.root,
        stdout: 'pipe',
        stderr: 'pipe',
      });
      if (setup.exitCode !== 0) {
        const said = setup.stderr.toString();
        const why = said.match(/\w*Error: .*/)?.[0] ?? said.trim().split('\n').slice(-1)[0];
        throw new Error(`db-setup on the restored cluster failed: ${why}`);
      }
      ok('migrations checked on the restored cluster');
    } finally {
      server.kill('SIGINT');
      await server.exited;
    }

    const { url, queueUrl, cacheUrl } = settings.valkey;
    const forgotten = running('valkey')
      ? await forgetValkeyData([url, queueUrl, cacheUrl])
      : forgetValkeyFiles(paths.valkey);
    ok(
      `Valkey's data dropped (${forgotten} ${running('valkey') ? 'server(s) flushed' : 'files removed'}): a new epoch starts`,
    );
  } catch (err) {
    const back = aside
      ? ` (the data directory as it was is ${aside}: move it back to ${resolvedDataDir('pg')} to return to it)`
      : '';
    throw new Error(`${(err as Error).message}${back}`);
  } finally {
    rmSync(RESTORING_MARK, { force: true });
  }
  say('bringing the stack up on the restored cluster');
  await startBehindNginx();
  await up();
  ok(`ready (${seconds()} from the start of the restore)`);
  if (await awaitValkeyRecovery(settings.valkey.queueUrl, 10 * 60_000))
    ok(`a worker re-derived the queued work from PostgreSQL (${seconds()})`);
  else say('the new epoch is still recovering: see ./stack logs worker');
}

/**
 * Starts everything but nginx and waits (3 minutes at most) until it is ready. The supervisor
 * starts a process that ran before without waiting for its dependencies: nginx, first again,
 * would find no api, write both off for its fail_timeout, and answer 502 to the first requests
 * after the restore said ready. A process that does not come up is left to `up` to report.
 */
async function startBehindNginx(): Promise<void> {
  const status = (await supervisorStatus()) ?? [];
  const names = status.filter((p) => p.group !== 'nginx').map((p) => p.name);
  if (names.length === 0) return;
  await callSupervisor('POST', '/up', { names });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const now = (await supervisorStatus()) ?? [];
    if (now.filter((p) => names.includes(p.name)).every((p) => p.ready)) return;
    await Bun.sleep(250);
  }
}
