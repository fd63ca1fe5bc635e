import type { SessionReach } from '@insightdesk/shared/shapes';

/**
 * The rooms of a user's sockets: every socket of theirs is in `all` (sessions ending find them
 * there); a socket whose session is confined to one organization is also in `confined` and in
 * that organization's room, so that the user's private events reach it only for that organization.
 */
export const userRooms = (userId: string) => ({
  all: `user:${userId}`,
  confined: `user:${userId}:confined`,
  confinedTo: (orgId: string) => `user:${userId}:confined:${orgId}`,
});

/** The rooms a socket of this session joins. */
export function roomsOfSession(userId: string, reach: SessionReach): string[] {
  const rooms = userRooms(userId);
  return reach.org === null
    ? [rooms.all]
    : [rooms.all, rooms.confined, rooms.confinedTo(reach.org)];
}
