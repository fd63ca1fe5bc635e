import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

/**
 * The local stack's SMTP catcher: a real SMTP server (nodemailer's smtp-server) that accepts any
 * message and stores it as a file in Maildir form (tmp/ → new/), like aiosmtpd's Mailbox handler,
 * at about three times its rate here. `./stack mail` lists what it caught.
 *
 * For fault drills and benches, a recipient address may say how the server behaves (nothing else
 * does):
 *   `smtp-delay-<ms>` in it: the answer to DATA comes <ms> later (at most 2 min); a client that
 *     disconnects meanwhile never got it, so the message is dropped, as an SMTP server must;
 *   `smtp-fail-once` in it: the first message to it is refused (451, try again later);
 *   `smtp-discard` in every recipient: the message is answered as any other (250 once all of it
 *     arrived) and not stored. The benches' mail: a file stored costs this machine's file system
 *     20–700 µs of kernel CPU, swinging with its state (bench/README.md), which
 *     a bench would otherwise measure as its senders'.
 * Usage: bun tools/stack/smtp-catcher.ts <port> <maildir> [address to listen on: 127.0.0.1]
 */
const [port = '2525', dir = '.data/mail', address = '127.0.0.1'] = process.argv.slice(2);
for (const sub of ['tmp', 'new', 'cur']) mkdirSync(join(dir, sub), { recursive: true });
const host = hostname().replace(/[/:]/g, '_');
let sequence = 0;
/** Sessions whose client went away (a held DATA answer then stores nothing). */
const closed = new Set<string>();
const refusedOnce = new Set<string>();

function drill(addresses: string[]): { delayMs: number; refuse: boolean; discard: boolean } {
  let delayMs = 0;
  let refuse = false;
  for (const address of addresses) {
    const delay = address.match(/smtp-delay-(\d{1,6})/);
    if (delay) delayMs = Math.max(delayMs, Math.min(120_000, Number(delay[1])));
    if (address.includes('smtp-fail-once') && !refusedOnce.has(address)) {
      refusedOnce.add(address);
      refuse = true;
    }
  }
  const discard = addresses.length > 0 && addresses.every((a) => a.includes('smtp-discard'));
  return { delayMs, refuse, discard };
}

function store(message: Buffer) {
  const name = `${Date.now()}.M${sequence++}P${process.pid}.${host}`;
  writeFileSync(join(dir, 'tmp', name), message);
  renameSync(join(dir, 'tmp', name), join(dir, 'new', name));
}

const server = new SMTPServer({
  // Any credentials are accepted (over plain text: this is loopback): a client configured with a
  // production-style URL carrying a user and password delivers here too.
  authOptional: true,
  allowInsecureAuth: true,
  onAuth(auth, _session, callback) {
    callback(null, { user: auth.username ?? 'anyone' });
  },
  disabledCommands: ['STARTTLS'],
  size: 30 * 1024 * 1024,
  logger: false,
  onClose(session) {
    closed.add(session.id);
    setTimeout(() => closed.delete(session.id), 300_000).unref();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    const { delayMs, refuse, discard } = drill(
      session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
    );
    stream.on('data', (chunk: Buffer) => {
      if (!discard) chunks.push(chunk);
    });
    stream.on('end', () => {
      if (refuse) {
        return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
      }
      const accept = () => {
        if (closed.has(session.id)) return; // never accepted: the client is gone
        try {
          if (!discard) store(Buffer.concat(chunks));
          callback();
        } catch (err) {
          callback(err as Error);
        }
      };
      if (delayMs > 0) setTimeout(accept, delayMs);
      else accept();
    });
  },
});
server.on('error', (err) => console.error(`smtp catcher: ${err.message}`));
server.listen(Number(port), address, () =>
  console.log(`smtp catcher on ${address}:${port}, Maildir ${dir}`),
);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
