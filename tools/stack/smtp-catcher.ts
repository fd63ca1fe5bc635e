import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

/**
 * The local stack's SMTP catcher: a real SMTP server (nodemailer's smtp-server) that accepts any
 * message and stores it as a file in Maildir form (tmp/ → new/), like aiosmtpd's Mailbox handler,
 * at about three times its rate here. `./stack mail` lists what it caught.
 * Usage: bun tools/stack/smtp-catcher.ts <port> <maildir>
 */
const [port = '2525', dir = '.data/mail'] = process.argv.slice(2);
for (const sub of ['tmp', 'new', 'cur']) mkdirSync(join(dir, sub), { recursive: true });
const host = hostname().replace(/[/:]/g, '_');
let sequence = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  size: 30 * 1024 * 1024,
  logger: false,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      try {
        const name = `${Date.now()}.M${sequence++}P${process.pid}.${host}`;
        writeFileSync(join(dir, 'tmp', name), Buffer.concat(chunks));
        renameSync(join(dir, 'tmp', name), join(dir, 'new', name));
        callback();
      } catch (err) {
        callback(err as Error);
      }
    });
  },
});
server.on('error', (err) => console.error(`smtp catcher: ${err.message}`));
server.listen(Number(port), '127.0.0.1', () =>
  console.log(`smtp catcher on 127.0.0.1:${port}, Maildir ${dir}`),
);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
