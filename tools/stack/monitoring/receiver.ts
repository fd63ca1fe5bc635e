import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

// The local receiver of Alertmanager's webhook (`./stack up --monitoring`, the alert drill): every
// alert of every notification, firing or resolved, appended to a file as one JSON line, which
// `./stack alerts` prints. Usage: bun receiver.ts PORT FILE

/** One alert as received: what it is, its state, and when Alertmanager sent it. */
export interface ReceivedAlert {
  readonly receivedAt: string;
  readonly status: 'firing' | 'resolved';
  readonly alertname: string;
  readonly severity: string;
  readonly labels: Record<string, string>;
  readonly summary: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly fingerprint: string;
}

interface Notification {
  readonly alerts?: readonly {
    status?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    startsAt?: string;
    endsAt?: string;
    fingerprint?: string;
  }[];
}

/** The alerts of one webhook notification (Alertmanager's version 4 payload). */
export function receivedAlerts(body: Notification, now = new Date()): ReceivedAlert[] {
  return (body.alerts ?? []).map((a) => {
    const { alertname = '', severity = '', ...labels } = a.labels ?? {};
    return {
      receivedAt: now.toISOString(),
      status: a.status === 'resolved' ? 'resolved' : 'firing',
      alertname,
      severity,
      labels,
      summary: a.annotations?.summary ?? '',
      startsAt: a.startsAt ?? '',
      endsAt: a.endsAt ?? '',
      fingerprint: a.fingerprint ?? '',
    };
  });
}

export function serveReceiver(port: number, file: string) {
  mkdirSync(dirname(file), { recursive: true });
  return Bun.serve({
    hostname: '127.0.0.1',
    port,
    async fetch(req) {
      const url = new URL(req.url);
      if (req.method === 'GET' && url.pathname === '/ready') return new Response('ok');
      if (req.method !== 'POST' || url.pathname !== '/alerts')
        return new Response('not found', { status: 404 });
      const body = (await req.json().catch(() => null)) as Notification | null;
      if (!body) return new Response('not JSON', { status: 400 });
      const lines = receivedAlerts(body).map((a) => `${JSON.stringify(a)}\n`);
      if (lines.length > 0) appendFileSync(file, lines.join(''));
      return new Response(null, { status: 204 });
    },
  });
}

if (import.meta.main) {
  const [port, file] = process.argv.slice(2);
  if (!port || !file) {
    console.error('usage: bun receiver.ts PORT FILE');
    process.exit(2);
  }
  const server = serveReceiver(Number(port), file);
  console.log(`alert receiver on 127.0.0.1:${server.port}, writing ${file}`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.on(signal, () => {
      server.stop(true);
      process.exit(0);
    });
}
