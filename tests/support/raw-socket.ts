import { BASE_URL, CA } from './stack';

/**
 * A Socket.IO session spoken by hand over a plain WebSocket through nginx (engine.io v4 frames:
 * `4` + a Socket.IO packet; binary attachments as binary frames), for what no client library
 * would send.
 */
export interface RawSocket {
  /** Every text frame the server sent, in order. */
  readonly frames: string[];
  /** Resolves with the close code once the server (or we) closed the connection. */
  readonly closed: Promise<number>;
  readonly isOpen: () => boolean;
  send(frame: string | Uint8Array): void;
  /** The acknowledgement with this id (`43<id>[answer]`), once it arrived. */
  ack(id: number): unknown;
  close(): void;
}

/**
 * Opens a session (on `instance`, through nginx's sticky cookie); with a token it also connects
 * the main namespace (`40{token}`).
 */
export async function openRawSocket(
  token?: string,
  instance?: 'ws-1' | 'ws-2',
  timeoutMs = 5000,
): Promise<RawSocket> {
  const url = `${BASE_URL.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  // Bun's WebSocket takes TLS options (the local CA) and headers as a second argument.
  const init: Bun.WebSocketOptions = {
    tls: CA ? { ca: CA } : {},
    ...(instance ? { headers: { cookie: `insightdesk_ws=${instance}` } } : {}),
  };
  const ws = new WebSocket(url, init);
  ws.binaryType = 'arraybuffer';
  const frames: string[] = [];
  let open = false;
  const closed = new Promise<number>((resolve) => {
    ws.onclose = (event) => {
      open = false;
      resolve(event.code);
    };
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('raw socket: no handshake')), timeoutMs);
    ws.onmessage = (message) => {
      const frame = String(message.data);
      frames.push(frame);
      if (frame === '2') ws.send('3'); // engine.io ping → pong
      if (frame.startsWith('0')) {
        open = true;
        if (token === undefined) {
          clearTimeout(timer);
          resolve();
        } else ws.send(`40${JSON.stringify({ token })}`);
      }
      if (frame.startsWith('40{') || frame.startsWith('44')) {
        clearTimeout(timer);
        if (frame.startsWith('40{')) resolve();
        else reject(new Error(`raw socket refused: ${frame}`));
      }
    };
    ws.onerror = () => reject(new Error('raw socket: error'));
    void closed.then(() => reject(new Error('raw socket: closed before connecting')));
  });
  await ready;
  return {
    frames,
    closed,
    isOpen: () => open,
    send(frame) {
      if (open) ws.send(frame);
    },
    ack(id) {
      const prefix = `43${id}[`;
      const frame = frames.find((f) => f.startsWith(prefix));
      return frame === undefined ? undefined : JSON.parse(frame.slice(prefix.length - 1))[0];
    },
    close() {
      ws.close();
    },
  };
}
