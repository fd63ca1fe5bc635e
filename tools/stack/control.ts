import { existsSync, rmSync } from 'node:fs';
import { paths } from './paths';
import type { ProcessStatus, Supervisor } from './supervisor';

/**
 * The supervisor answers the CLI on a Unix socket (.data/run/stack.sock):
 * GET /status, POST /up {names?, cpuProfile?}, POST /stop {names}, POST /down.
 */
export function serveControl(supervisor: Supervisor, onDown: () => Promise<void>) {
  if (existsSync(paths.socket)) rmSync(paths.socket);
  return Bun.serve({
    unix: paths.socket,
    async fetch(req) {
      const url = new URL(req.url);
      const body =
        req.method === 'POST'
          ? ((await req.json().catch(() => ({}))) as { names?: string[]; cpuProfile?: boolean })
          : {};
      switch (`${req.method} ${url.pathname}`) {
        case 'GET /status':
          return Response.json(supervisor.status());
        case 'POST /up':
          supervisor.up(body.names, { cpuProfile: body.cpuProfile === true });
          return Response.json({ ok: true });
        case 'POST /stop':
          await supervisor.stop(body.names ?? []);
          return Response.json({ ok: true });
        case 'POST /down':
          // Answer once everything stopped; the supervisor exits right after.
          await onDown();
          return Response.json({ ok: true });
        default:
          return Response.json({ error: 'not found' }, { status: 404 });
      }
    },
  });
}

/** Calls the running supervisor; null when none is running. */
export async function callSupervisor<T = unknown>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T | null> {
  if (!existsSync(paths.socket)) return null;
  try {
    const res = await fetch(`http://stack${path}`, {
      unix: paths.socket,
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
    });
    return (await res.json()) as T;
  } catch {
    return null;
  }
}

export const supervisorStatus = () => callSupervisor<ProcessStatus[]>('GET', '/status');
