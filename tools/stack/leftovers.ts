import { existsSync, readFileSync, rmSync } from 'node:fs';
import { pidFile } from './paths';
import type { ProcessDef } from './process-def';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/**
 * Processes recorded in .data/run/*.pid whose supervisor is gone (killed, machine crashed):
 * stopped gracefully, then killed, so a new start never collides with them on their ports.
 * Returns the names it found.
 */
export function killLeftovers(defs: readonly ProcessDef[]): string[] {
  const found: { def: ProcessDef; pid: number }[] = [];
  for (const def of defs) {
    const file = pidFile(def.name);
    if (!existsSync(file)) continue;
    const [pidText, command] = readFileSync(file, 'utf8').trim().split(' ');
    const pid = Number(pidText);
    if (pid > 1 && alive(pid) && command && commandOf(pid).includes(command)) {
      found.push({ def, pid });
      try {
        process.kill(pid, def.stopSignal);
      } catch {}
    }
    rmSync(file, { force: true });
  }
  const deadline = Date.now() + 10_000;
  while (found.some(({ pid }) => alive(pid)) && Date.now() < deadline) Bun.sleepSync(100);
  for (const { pid } of found) {
    if (!alive(pid)) continue;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
  }
  return found.map(({ def }) => def.name);
}
