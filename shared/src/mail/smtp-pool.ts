import { isIPv4 } from 'node:net';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

/**
 * Pooled SMTP for messages we compose ourselves: nodemailer's `SMTPConnection` (the protocol:
 * greeting, STARTTLS when offered — required before credentials go to another machine — AUTH,
 * PIPELINING, dot-stuffing), a connection per message in flight, each reused while the server
 * keeps it. nodemailer's pooled transport runs every message
 * through its mail pipeline first (options normalized, a MIME tree and its streams even for a raw
 * message): 160–230 µs of CPU per message here against 65–70 over bare connections, a fifth of an
 * email job (bench/README.md, queue.ts).
 */
export interface SmtpPool {
  /**
   * Sends one message; rejects with the server's or the connection's error. Not begun once
   * `notAfter` (ms since the epoch) has passed: a send that waited that long for a connection is
   * refused before its MAIL FROM, so it cannot go out after its caller gave up on it.
   */
  send(envelope: SmtpEnvelope, message: string | Buffer, notAfter?: number): Promise<void>;
  /** Connects, signs in and says QUIT: the server is there and takes our credentials. */
  verify(): Promise<void>;
  /** Closes the idle connections now, the others once their message is sent. */
  close(): void;
}

export interface SmtpEnvelope {
  readonly from: string;
  readonly to: readonly string[];
}

export interface SmtpPoolOptions {
  /** `smtp://[user:pass@]host[:port]` (STARTTLS when offered) or `smtps://` (TLS from the start). */
  readonly url: string;
  readonly connections: number;
  /** Each of connecting, the greeting and any wait on the socket is cut off after this. */
  readonly timeoutMs: number;
}

/** Not in nodemailer's types: whether the server's EHLO offered AUTH (its own pool asks it too). */
type Connection = SMTPConnection & { allowsAuth?: boolean };

/**
 * A send on a connection that sat idle failed in a way that says the session was gone, not that
 * the message was refused, and nothing of it can have been accepted: the connection ended before
 * the server answered any of it (the message's text goes only after DATA's 354), or the server
 * said 421, closing (RFC 5321 4.2: the transaction is aborted, whatever it answered).
 */
const sessionWasGone = (connection: Connection, err: unknown) => {
  const { code, responseCode } = err as { code?: string; responseCode?: number };
  if (responseCode === 421) return true;
  return connection.lastServerResponse === false && (code === 'ECONNECTION' || code === 'ESOCKET');
};

/** This machine by name or loopback address (IPv4's 127/8, IPv6's ::1, brackets or not). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIPv4(bare) && bare.startsWith('127.');
}

class SendNotBegun extends Error {
  readonly code = 'ETIMEDOUT';
}

export function createSmtpPool(options: SmtpPoolOptions): SmtpPool {
  const url = new URL(options.url);
  const secure = url.protocol === 'smtps:';
  const auth = url.username
    ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
    : null;
  const connectionOptions: SMTPConnection.Options = {
    host: url.hostname,
    port: Number(url.port || (secure ? 465 : 587)),
    secure,
    // Credentials cross a network only encrypted: STARTTLS is required, not merely taken when
    // offered (whoever sits on the path could strip the offer and read the password). Plain
    // sign-in stays for this machine's own server (the local catcher, a relay on loopback).
    requireTLS: auth !== null && !secure && !isLoopback(url.hostname),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  };
  /** Connections open and signed in (idle or sending), and how many are being opened. */
  const live = new Set<Connection>();
  let opening = 0;
  const idle: Connection[] = [];
  /** Sends waiting for a connection: woken one at a time as one is released or dropped. */
  const waiting: (() => void)[] = [];
  let closed = false;

  const wakeOne = () => waiting.shift()?.();

  /**
   * A connection greeted and signed in. Once it is, its loss (an error, the server's timeout of
   * an idle session, an end) is `onLost`'s; before, it is the promise's rejection.
   */
  function connect(onLost: (connection: Connection) => void): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const connection: Connection = new SMTPConnection(connectionOptions);
      let ready = false;
      const lost = (err?: Error) => {
        if (ready) return onLost(connection);
        // First: closing may end the connection at once, and this again with no error.
        reject(err ?? new Error('SMTP connection ended while it was being set up'));
        connection.close();
      };
      connection.on('error', lost);
      connection.once('end', () => lost());
      connection.connect((err) => {
        if (err) return lost(err);
        const signedIn = () => {
          ready = true;
          resolve(connection);
        };
        if (!auth || !connection.allowsAuth) return signedIn();
        connection.login(auth, (loginErr) => (loginErr ? lost(loginErr) : signedIn()));
      });
    });
  }

  /** Forgets a connection that ended or failed: its place is free for another. */
  function drop(connection: Connection) {
    if (!live.delete(connection)) return;
    const at = idle.indexOf(connection);
    if (at >= 0) idle.splice(at, 1);
    wakeOne();
  }

  /**
   * A connection for one message; `reused`: it sat idle in the pool before (it may be gone).
   * `fresh`: a new one, whatever sits idle (a retry: the others may be as gone as the first).
   */
  async function acquire(fresh: boolean): Promise<{ connection: Connection; reused: boolean }> {
    for (;;) {
      if (closed) throw new Error('SMTP pool closed');
      const reused = fresh ? undefined : idle.pop();
      if (reused) return { connection: reused, reused: true };
      // A retry with every place taken: an idle connection gives its place up.
      if (fresh && live.size + opening >= options.connections && idle.length > 0) {
        const spare = idle.shift() as Connection;
        drop(spare);
        spare.close();
      }
      if (live.size + opening < options.connections) {
        opening++;
        try {
          // A socket error or the server's timeout on an idle connection ends it; one sending
          // hears of it through its send's callback as well.
          const connection = await connect(drop);
          live.add(connection);
          return { connection, reused: false };
        } catch (err) {
          wakeOne(); // its place is free again: a waiting send may try it
          throw err;
        } finally {
          opening--;
        }
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  }

  function release(connection: Connection, reusable: boolean) {
    if (reusable && !closed && live.has(connection)) {
      idle.push(connection);
      wakeOne();
      return;
    }
    drop(connection);
    connection.close();
  }

  return {
    async send(envelope, message, notAfter = Number.POSITIVE_INFINITY) {
      for (let attempt = 1; ; attempt++) {
        const { connection, reused } = await acquire(attempt > 1);
        if (Date.now() >= notAfter) {
          release(connection, true);
          throw new SendNotBegun('SMTP send not begun before its deadline');
        }
        // Whether the server answered anything of this send (nodemailer sets it on each reply).
        connection.lastServerResponse = false;
        try {
          await new Promise<void>((resolve, reject) =>
            connection.send({ from: envelope.from, to: [...envelope.to] }, message, (err) =>
              err ? reject(err) : resolve(),
            ),
          );
          release(connection, true);
          return;
        } catch (err) {
          // Whatever state the session was left in, it is not reused.
          release(connection, false);
          // An idle connection whose session had ended before we knew: over a new one, once.
          if (reused && attempt === 1 && sessionWasGone(connection, err)) continue;
          throw err;
        }
      }
    },
    async verify() {
      const connection = await connect(() => undefined);
      connection.quit();
    },
    close() {
      closed = true;
      for (const connection of idle.splice(0)) {
        live.delete(connection);
        connection.close();
      }
      for (const resume of waiting.splice(0)) resume();
    },
  };
}
