import { rmSync } from 'node:fs';
import { serveControl } from './control';
import { paths } from './paths';
import { stackProcesses } from './processes';
import { loadStackSettings } from './settings';
import { createSupervisor } from './supervisor';

/**
 * Runs the supervisor until `./stack down` (or SIGTERM/SIGINT): in the foreground for
 * `./stack up` (echoing logs) or as the detached daemon of `./stack up -d`.
 */
export function runSupervisor(echo: boolean) {
  const supervisor = createSupervisor({ defs: stackProcesses(loadStackSettings()), echo });
  let stopping: Promise<void> | undefined;
  const down = () => {
    stopping ??= (async () => {
      await supervisor.down();
      setTimeout(() => {
        server.stop(true);
        rmSync(paths.socket, { force: true });
        process.exit(0);
      }, 50);
    })();
    return stopping;
  };
  const server = serveControl(supervisor, down);
  process.on('SIGTERM', () => void down());
  process.on('SIGINT', () => void down());
  supervisor.up();
  return supervisor;
}

if (import.meta.main) runSupervisor(false);
