/** Bun's server, as far as finding a request's peer goes. */
export interface PeerLookup {
  requestIP(request: Request): { address: string } | null;
}

/**
 * The client's address: the value of `header` when a proxy in front sets it (nginx: X-Real-IP;
 * Fly.io: Fly-Client-IP), else the peer's. The header is only trustworthy when that proxy
 * overwrites it and clients cannot reach the service around it (CLIENT_IP_HEADER=none then).
 * X-Forwarded-For is never used: its left part is whatever the client wrote.
 */
export function clientAddress(
  request: Request,
  server: PeerLookup | undefined,
  header: string | undefined,
): string {
  return (
    (header && request.headers.get(header)) || server?.requestIP(request)?.address || 'unknown'
  );
}
