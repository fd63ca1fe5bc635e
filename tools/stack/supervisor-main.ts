import { rmSync } from 'node:fs';
import { startBackupSchedule } from './backup/scheduler';
import { serveControl } from './control';
import { paths } from './paths';
import { stackProcesses } from './processes';
import { loadStackSettings } from './settings';
import { createSupervisor } from './supervisor';

/**
 * Runs the supervisor until `./stack down` (or SIGTERM/SIGINT): in the foreground for
 * `./stack up` (echoing logs) or as the detached daemon of `./stack up -d`.
 */
export function runSupervisor(echo: boolean, watch = false) {
  const settings = loadStackSettings();
  const supervisor = createSupervisor({
    defs: stackProcesses(settings, { watch }),
    echo,
  });
  // Scheduled backups of the stack's PostgreSQL while it runs (docs/backups.md).
  const backups = startBackupSchedule({
    settings,
    postgresReady: () => supervisor.status().some((p) => p.name === 'postgres' && p.ready),
  });
  let stopping: Promise<void> | undefined;
  const stopAll = () => {
    stopping ??= backups.stop().then(() => supervisor.down());
    return stopping;
  };
  const closeControl = () => {
    server.stop(true);
    rmSync(paths.socket, { force: true });
  };
  const exitAfterShutdown = async () => {
    await stopAll();
    // Let the answer to `POST /down` leave before the control socket closes.
    setTimeout(() => {
      closeControl();
      process.exit(0);
    }, 50);
  };
  /** Everything stopped and the control socket closed; the caller decides how to exit. */
  const shutdown = async () => {
    await stopAll();
    closeControl();
  };
  const server = serveControl(supervisor, exitAfterShutdown);
  process.on('SIGTERM', () => void exitAfterShutdown());
  process.on('SIGINT', () => void exitAfterShutdown());
  supervisor.up();
  return { supervisor, shutdown };
}

if (import.meta.main) runSupervisor(false, process.env.STACK_WATCH === '1');
