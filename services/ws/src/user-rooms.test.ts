import { expect, test } from 'bun:test';
import { roomsOfSession, userRooms } from './user-rooms';

test("a confined socket is in its user's room, the confined room and its organization's", () => {
  const rooms = userRooms('u1');
  expect(roomsOfSession('u1', { org: null, account: true })).toEqual([rooms.all]);
  const confined = roomsOfSession('u1', { org: 'o1', account: false });
  expect(confined).toEqual([rooms.all, rooms.confined, rooms.confinedTo('o1')]);
  // Deliveries go to `all` but `confined`, and to the event's organization's confined room.
  expect(confined).not.toContain(rooms.confinedTo('o2'));
});
