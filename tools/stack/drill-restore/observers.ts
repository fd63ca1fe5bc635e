import { readMaildir } from '../maildir';
import { paths } from '../paths';

// What left the platform, as the outside saw it: webhook deliveries at a receiver of the drill's,
// and mails at the stack's SMTP catcher. Each copy is kept with the time it arrived, so that the
// drill can tell what came before the disk was lost from what the restored stack sent again.

export interface Arrival {
  readonly key: string;
  readonly at: number;
}

/**
 * A webhook receiver on 127.0.0.2 (the local stack's WEBHOOK_ALLOWED_NETWORKS: loopback itself
 * stays refused), answering 200 to everything and keying each delivery by `keyOf`.
 */
export function webhookReceiver(keyOf: (type: string, body: unknown) => string | null) {
  const arrivals: Arrival[] = [];
  const server = Bun.serve({
    hostname: '127.0.0.2',
    port: 0,
    async fetch(req) {
      const body = (await req.json().catch(() => null)) as { type?: string } | null;
      const key = body?.type ? keyOf(body.type, body) : null;
      if (key) arrivals.push({ key, at: Date.now() });
      return new Response('ok');
    },
  });
  return {
    url: `http://127.0.0.2:${server.port}/hook`,
    arrivals,
    stop: () => server.stop(true),
  };
}

/** Invitation mails the stack's SMTP catcher holds for these addresses, with their arrival. */
export function invitationMails(addresses: readonly string[]): Arrival[] {
  const wanted = new Set(addresses);
  return readMaildir(paths.mail).flatMap((mail) => {
    if (mail.headers['x-insightdesk-template'] !== 'invitation') return [];
    const to = (mail.headers.to ?? '').toLowerCase().match(/[^\s<>",]+@[^\s<>",]+/)?.[0];
    return to && wanted.has(to) ? [{ key: to, at: mail.receivedAt.getTime() }] : [];
  });
}

/** Copies of each key that arrived before `lossAt`, and at or after `restoreAt`. */
export function copies(
  arrivals: readonly Arrival[],
  key: string,
  lossAt: number,
  restoreAt: number,
) {
  const mine = arrivals.filter((a) => a.key === key);
  return {
    beforeLoss: mine.filter((a) => a.at < lossAt).length,
    afterRestore: mine.filter((a) => a.at >= restoreAt).length,
  };
}
