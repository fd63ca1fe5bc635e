import type { RequestRecord } from '../soak/history';
import type { WriteAttempt } from './checker';

// The drill's own writers: a client that keeps what the api acknowledged. Each opens a ticket and
// replies to it, over and over, every command under an Idempotency-Key; a command that met no
// answer or a 5xx is sent again with the same key (after its Retry-After) until acknowledged —
// what a client of a failing-over platform does, and may do safely: a command that had committed
// is answered from its key's first answer, never run twice.

export interface Acknowledged {
  readonly id: string;
  readonly token: string;
  readonly at: number;
}

export interface WriterRecord {
  readonly tickets: Acknowledged[];
  readonly messages: Acknowledged[];
  readonly attempts: WriteAttempt[];
  replayed: number;
}

/** How long one command is retried before the writer gives up on it (counted as unanswered). */
const GIVE_UP_MS = 90_000;

export function writerRecord(): WriterRecord {
  return { tickets: [], messages: [], attempts: [], replayed: 0 };
}

/**
 * Runs one writer until `stopped()`: `apiUrl` is an api instance's base (`http://…/api/v1`).
 * Every attempt goes into `requests` (the drill's record of what clients met) and `record`.
 */
export async function runWriter(options: {
  readonly apiUrl: string;
  readonly token: () => string;
  readonly orgId: string;
  /** A fresh token (the soak's kind: its changes are tracked and checked alike). */
  readonly nextToken: (letter: 'T' | 'M') => string;
  readonly record: WriterRecord;
  readonly requests: RequestRecord[];
  readonly stopped: () => boolean;
}): Promise<void> {
  const { apiUrl, orgId, nextToken, record, requests } = options;

  /** Sends the command until acknowledged; its answer's body, or null when given up. */
  async function command(route: string, path: string, key: string, body: unknown) {
    const since = Date.now();
    while (Date.now() - since < GIVE_UP_MS) {
      const at = Date.now();
      let status = 0;
      let retryAfter: string | null = null;
      let answer: { id?: string } | undefined;
      let replayed = false;
      try {
        const res = await fetch(`${apiUrl}${path}`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${options.token()}`,
            'Idempotency-Key': key,
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        });
        status = res.status;
        retryAfter = res.headers.get('retry-after');
        replayed = res.headers.get('idempotent-replayed') === 'true';
        answer = (await res.json().catch(() => undefined)) as { id?: string } | undefined;
      } catch {
        // No answer: the connection failed or timed out.
      }
      requests.push({ route, at, ms: Date.now() - at, status });
      record.attempts.push({ at, status, retryAfter });
      if (status >= 200 && status < 300 && answer?.id) {
        if (replayed) record.replayed += 1;
        return answer.id;
      }
      // A 4xx other than "in progress" (409: the first attempt still holds the key) will not
      // change by retrying.
      if (status >= 400 && status < 500 && status !== 409 && status !== 429) return null;
      await Bun.sleep(Math.min(Number(retryAfter ?? 0.25) * 1000, 5000));
    }
    return null;
  }

  while (!options.stopped()) {
    const token = nextToken('T');
    const ticket = await command('POST tickets (keyed)', `/orgs/${orgId}/tickets`, token, {
      subject: `Drill ${token}`,
      body: 'Opened by the postgres drill.',
    });
    if (!ticket) continue;
    record.tickets.push({ id: ticket, token, at: Date.now() });
    const reply = nextToken('M');
    const message = await command(
      'POST messages (keyed)',
      `/orgs/${orgId}/tickets/${ticket}/messages`,
      reply,
      { body: `Reply ${reply}` },
    );
    if (message) record.messages.push({ id: message, token: reply, at: Date.now() });
    await Bun.sleep(100);
  }
}
