import { afterEach, describe, expect, test } from 'bun:test';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { createSmtpPool, isLoopback, type SmtpPool } from './smtp-pool';

/** An IPv4 address of this machine that is not loopback (another machine's view of it). */
const networkAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i?.family === 'IPv4' && !i.internal)?.address;

// Against a real SMTP server (nodemailer's smtp-server, the one the stack's catcher runs), on a
// port of its own: what the pool opens, reuses, drops and reports.

interface Server {
  readonly url: string;
  readonly port: number;
  /** Messages received, in order, with the session that carried each. */
  readonly received: { session: string; from: string; to: string[]; body: string }[];
  /** Sessions the server saw open, and how many are open now. */
  readonly sessions: Set<string>;
  open(): number;
  close(): Promise<void>;
}

const servers: Server[] = [];
const pools: SmtpPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) pool.close();
  for (const server of servers.splice(0)) await server.close();
});

/** smtp-server's connections (not in its types): a test ends one as a vanished peer would. */
type ServerConnections = { connections: Set<{ id: string; close(): void }> };

async function startServer(
  options: Partial<SMTPServerOptions> & {
    refuse?: (to: string) => boolean;
    /** Ends the session without a word when this MAIL FROM arrives on it. */
    vanishOn?: (sessionId: string, messagesBefore: number) => boolean;
    /** Answers this MAIL FROM with 421 (closing). */
    closingOn?: (sessionId: string, messagesBefore: number) => boolean;
    /** Holds each answer to DATA this long. */
    holdMs?: number;
  } = {},
  port = 0,
  host = '127.0.0.1',
): Promise<Server> {
  const received: Server['received'] = [];
  const sessions = new Set<string>();
  const live = new Set<string>();
  const { refuse, vanishOn, closingOn, holdMs = 0, ...serverOptions } = options;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    ...serverOptions,
    onConnect(session, callback) {
      sessions.add(session.id);
      live.add(session.id);
      callback();
    },
    onClose(session) {
      live.delete(session.id);
    },
    onMailFrom(_address, session, callback) {
      const before = received.filter((m) => m.session === session.id).length;
      if (closingOn?.(session.id, before))
        return callback(Object.assign(new Error('Closing, try later'), { responseCode: 421 }));
      if (!vanishOn?.(session.id, before)) return callback();
      const connections = (server as unknown as ServerConnections).connections;
      [...connections].find((c) => c.id === session.id)?.close();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        if (refuse && to.some(refuse))
          return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        setTimeout(() => {
          received.push({
            session: session.id,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to,
            body: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        }, holdMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const bound = (server.server.address() as AddressInfo).port;
  const handle: Server = {
    url: `smtp://${host}:${bound}`,
    port: bound,
    received,
    sessions,
    open: () => live.size,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  servers.push(handle);
  return handle;
}

function pool(url: string, connections = 3, timeoutMs = 5000) {
  const created = createSmtpPool({ url, connections, timeoutMs });
  pools.push(created);
  return created;
}

const message = (n: number, extra = '') =>
  `From: a@insightdesk.local\r\nTo: r${n}@example.com\r\nSubject: ${n}\r\n\r\nbody ${n}\r\n${extra}`;
/** What a send rejected with (null if it went out): its code and message are looked at. */
const rejection = (send: Promise<void>) =>
  send.then(
    () => null,
    (err: Error) => err,
  );
const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await Bun.sleep(10);
  }
};

describe('SMTP pool', () => {
  test('30 messages at once over at most 3 connections, each received whole, a lone dot included', async () => {
    const server = await startServer();
    const smtp = pool(server.url, 3);
    await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        smtp.send(
          { from: 'a@insightdesk.local', to: [`r${n}@example.com`] },
          message(n, '.\r\n..two\r\n'),
        ),
      ),
    );
    expect(server.received).toHaveLength(30);
    expect(server.sessions.size).toBe(3);
    for (let n = 0; n < 30; n++) {
      const got = server.received.find((m) => m.to[0] === `r${n}@example.com`);
      expect(got?.from).toBe('a@insightdesk.local');
      // smtp-server undoes the dot-stuffing: the body arrives as it was given.
      expect(got?.body).toBe(message(n, '.\r\n..two\r\n'));
    }
    // Reused, not reopened: later sends go over the same sessions.
    await smtp.send({ from: 'a@insightdesk.local', to: ['late@example.com'] }, message(99));
    expect(server.sessions.size).toBe(3);
  });

  test('a message the server refuses rejects its send with the answer; the pool goes on', async () => {
    const server = await startServer({ refuse: (to) => to.startsWith('refused') });
    const smtp = pool(server.url, 1);
    await expect(
      smtp.send({ from: 'a@insightdesk.local', to: ['refused@example.com'] }, message(1)),
    ).rejects.toMatchObject({ responseCode: 550 });
    await smtp.send({ from: 'a@insightdesk.local', to: ['ok@example.com'] }, message(2));
    expect(server.received.map((m) => m.to[0])).toEqual(['ok@example.com']);
  });

  test('a connection the server closed while idle is replaced, not reported', async () => {
    // The server's own idle timeout (421, then close), as a real server ends a quiet session.
    const server = await startServer({ socketTimeout: 200 });
    const smtp = pool(server.url, 1);
    await smtp.send({ from: 'a@insightdesk.local', to: ['one@example.com'] }, message(1));
    expect(server.open()).toBe(1);
    await until(() => server.open() === 0);
    await smtp.send({ from: 'a@insightdesk.local', to: ['two@example.com'] }, message(2));
    expect(server.received.map((m) => m.to[0])).toEqual(['one@example.com', 'two@example.com']);
    expect(server.sessions.size).toBe(2);
  });

  test('an idle connection the server dropped unnoticed: its next message goes over a new one, not lost or failed', async () => {
    // The first session takes one message, then ends at the next MAIL FROM: without a word, or
    // with a 421 (closing), as a server ending an idle session says it while ours crosses it.
    // The pool learns the connection is gone only by using it.
    for (const ending of ['vanishOn', 'closingOn'] as const) {
      let first: string | undefined;
      const server = await startServer({
        [ending]: (session: string, before: number) => {
          first ??= session;
          return session === first && before === 1;
        },
      });
      const smtp = pool(server.url, 1);
      await smtp.send({ from: 'a@insightdesk.local', to: ['one@example.com'] }, message(1));
      await smtp.send({ from: 'a@insightdesk.local', to: ['two@example.com'] }, message(2));
      expect(server.received.map((m) => [m.to[0], m.session === first])).toEqual([
        ['one@example.com', true],
        ['two@example.com', false],
      ]);
    }
    // A new connection that fails the same way is not tried again: the send reports it.
    const always = await startServer({ vanishOn: () => true });
    await expect(
      pool(always.url, 1).send({ from: 'a@insightdesk.local', to: ['x@example.com'] }, message(3)),
    ).rejects.toMatchObject({ code: 'ECONNECTION' });
    expect(always.received).toHaveLength(0);
  });

  test('a send still waiting for a connection at its deadline is refused before its MAIL FROM, and never goes out', async () => {
    const server = await startServer({ holdMs: 400 });
    const smtp = pool(server.url, 1);
    const first = smtp.send({ from: 'a@insightdesk.local', to: ['first@example.com'] }, message(1));
    const late = smtp.send(
      { from: 'a@insightdesk.local', to: ['late@example.com'] },
      message(2),
      Date.now() + 100,
    );
    await expect(late).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    await first;
    await Bun.sleep(600);
    expect(server.received.map((m) => m.to[0])).toEqual(['first@example.com']);
    // The connection the refused send was given back serves the next.
    await smtp.send({ from: 'a@insightdesk.local', to: ['next@example.com'] }, message(3));
    expect(server.sessions.size).toBe(1);
  });

  test('a peer that greets with garbage, or never greets: each send rejects within the timeout, and none waits on a place held by a dead set-up', async () => {
    const sockets: Socket[] = [];
    for (const greeting of ['garbage\r\n', '\x00\xff'.repeat(5000), null]) {
      const peer = createServer((socket) => {
        sockets.push(socket);
        socket.on('error', () => undefined);
        if (greeting !== null) socket.write(greeting);
      });
      await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
      const { port } = peer.address() as AddressInfo;
      const smtp = pool(`smtp://127.0.0.1:${port}`, 1, 300);
      const started = Date.now();
      for (const n of [1, 2])
        await expect(
          smtp.send({ from: 'a@insightdesk.local', to: [`g${n}@example.com`] }, message(n)),
        ).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5000);
      for (const socket of sockets.splice(0)) socket.destroy();
      await new Promise<void>((resolve) => peer.close(() => resolve()));
    }
  });

  test('a server not there yet: the send rejects, and its place in the pool is free for the next', async () => {
    const placeholder = await startServer();
    const { port, url } = placeholder;
    await placeholder.close();
    servers.splice(servers.indexOf(placeholder), 1);
    const smtp = pool(url, 1, 1000);
    await expect(
      smtp.send({ from: 'a@insightdesk.local', to: ['x@example.com'] }, message(1)),
    ).rejects.toThrow();
    await expect(smtp.verify()).rejects.toThrow();
    const server = await startServer({}, port);
    await smtp.send({ from: 'a@insightdesk.local', to: ['y@example.com'] }, message(2));
    expect(server.received.map((m) => m.to[0])).toEqual(['y@example.com']);
  });

  test('credentials from the URL sign in; wrong ones fail the send and verify, the password not in the error', async () => {
    const server = await startServer({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'mailer' && auth.password === 's3cret:/@')
          return callback(null, { user: auth.username });
        callback(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
      },
    });
    const good = pool(`smtp://mailer:${encodeURIComponent('s3cret:/@')}@127.0.0.1:${server.port}`);
    await good.verify();
    await good.send({ from: 'a@insightdesk.local', to: ['in@example.com'] }, message(1));
    expect(server.received.map((m) => m.to[0])).toEqual(['in@example.com']);

    const bad = pool(`smtp://mailer:wrong@127.0.0.1:${server.port}`);
    await expect(bad.verify()).rejects.toMatchObject({ code: 'EAUTH' });
    const refused = await rejection(
      bad.send({ from: 'a@insightdesk.local', to: ['out@example.com'] }, message(2)),
    );
    expect(refused).toMatchObject({ code: 'EAUTH' });
    expect(String(refused?.message)).not.toContain('wrong');
    expect(server.received).toHaveLength(1);
  });

  test.skipIf(!networkAddress)(
    'credentials go to another machine only over TLS: a server offering no STARTTLS gets no AUTH and no message',
    async () => {
      let authAttempts = 0;
      const server = await startServer(
        {
          authOptional: false,
          allowInsecureAuth: true,
          onAuth(auth, _session, callback) {
            authAttempts++;
            callback(null, { user: auth.username });
          },
        },
        0,
        networkAddress,
      );
      const credentials = pool(`smtp://mailer:plain-text@${networkAddress}:${server.port}`);
      const refused = await rejection(
        credentials.send({ from: 'a@insightdesk.local', to: ['in@example.com'] }, message(1)),
      );
      expect(refused).toMatchObject({ code: 'ETLS' });
      expect(String(refused?.message)).not.toContain('plain-text');
      expect(authAttempts).toBe(0);
      expect(server.received).toHaveLength(0);
      // Without credentials there is nothing to protect: the same server takes the message.
      const open = await startServer({}, 0, networkAddress);
      await pool(open.url).send(
        { from: 'a@insightdesk.local', to: ['in@example.com'] },
        message(2),
      );
      expect(open.received).toHaveLength(1);
    },
  );

  test('loopback is this machine, whatever its spelling; nothing else is', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]'])
      expect(isLoopback(host)).toBe(true);
    for (const host of [
      '127.0.0.1.example.com',
      'mail.localhost',
      '10.0.0.1',
      '::ffff:7f00:1',
      'smtp.example.com',
      '0.0.0.0',
    ])
      expect(isLoopback(host)).toBe(false);
  });

  test('waiting sends take connections as they free up; close ends the idle ones and refuses more', async () => {
    const server = await startServer();
    const smtp = pool(server.url, 2);
    await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        smtp.send({ from: 'a@insightdesk.local', to: [`w${n}@example.com`] }, message(n)),
      ),
    );
    expect(server.received).toHaveLength(10);
    expect(server.sessions.size).toBe(2);
    expect(server.open()).toBe(2);
    smtp.close();
    await until(() => server.open() === 0);
    await expect(
      smtp.send({ from: 'a@insightdesk.local', to: ['after@example.com'] }, message(11)),
    ).rejects.toThrow('SMTP pool closed');
  });
});
