/**
 * nginx routes Socket.IO requests carrying this cookie to the instance that issued it (see
 * nginx/templates); a request without it (a new session) may land on any instance. Long-polling
 * needs this affinity: a session lives in one instance's memory.
 */
export const STICKY_COOKIE = 'insightdesk_ws';

export function stickyCookie(instance: string): string {
  return `${STICKY_COOKIE}=${instance}; Path=/socket.io/; HttpOnly; Secure; SameSite=Lax`;
}
