import { forgetEngineRequest } from './bun-engine-internals';
import type { WsSocket } from './types';

// Shared by every socket, so frozen: a write into one socket's would otherwise reach them all.
const NOTHING = Object.freeze({});

/**
 * Once a socket is in (its middlewares and `connection` listeners have run), nothing reads its
 * handshake's request again, yet Socket.IO and the engine keep it for the socket's life: every
 * header nginx forwarded, the URL and query, the creation time as text and the access token —
 * ~1.1 KB a socket (a ws instance holds thousands), and the token is a credential. What stays:
 * `address`, `issued`, `secure`, `xdomain`. A product that needs a header reads it in its
 * `attach`, which runs before this.
 */
export function forgetHandshake(socket: WsSocket) {
  const { handshake } = socket;
  handshake.headers = NOTHING;
  handshake.query = NOTHING;
  handshake.auth = NOTHING;
  handshake.url = '';
  handshake.time = '';
  // The engine's copy of the request, which `handshake` was built from (and `socket.request` is).
  forgetEngineRequest(socket, NOTHING);
}
