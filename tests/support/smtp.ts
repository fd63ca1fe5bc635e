import { connect, type Socket } from 'node:net';
import { ports } from './stack';

/**
 * A bare SMTP dialog over TCP, for what a client library would not send (oversized DATA without
 * SIZE, too many recipients, many connections): each command and the server's full reply.
 */
export interface SmtpDialog {
  /** Sends a line (or nothing: the greeting) and resolves with the next complete reply. */
  say(line?: string): Promise<string>;
  /** Writes raw bytes without waiting for a reply (the DATA content). */
  write(data: string | Uint8Array): void;
  close(): void;
  readonly socket: Socket;
}

export function smtpDialog(port = ports.inboundPort): Promise<SmtpDialog> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buffer = '';
    let waiting: ((reply: string) => void) | null = null;
    let failing: ((err: Error) => void) | null = null;
    socket.on('close', () => failing?.(new Error(`closed; buffer: ${buffer}`)));
    const complete = () => {
      // A reply is complete at a line "NNN text" (not "NNN-text").
      const lines = buffer.split('\r\n');
      for (let i = 0; i < lines.length - 1; i++) {
        if (/^\d{3} /.test(lines[i] ?? '') || /^\d{3}$/.test(lines[i] ?? '')) {
          const reply = lines.slice(0, i + 1).join('\r\n');
          buffer = lines.slice(i + 1).join('\r\n');
          return reply;
        }
      }
      return null;
    };
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      const reply = waiting && complete();
      if (reply && waiting) {
        const w = waiting;
        waiting = null;
        w(reply);
      }
    });
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({
        socket,
        say(line) {
          return new Promise((done, fail) => {
            const ready = complete();
            if (ready && line === undefined) return done(ready);
            waiting = done;
            failing = fail;
            if (line !== undefined) socket.write(`${line}\r\n`);
            else {
              const again = complete();
              if (again) {
                waiting = null;
                done(again);
              }
            }
          });
        },
        write(data) {
          socket.write(data);
        },
        close() {
          socket.destroy();
        },
      }),
    );
  });
}
