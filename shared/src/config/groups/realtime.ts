import { z } from 'zod';
import { defineConfigGroup } from '../define';
import { decimal, integer } from '../variables';

export const realtimeConfig = defineConfigGroup({
  env: {
    EVENT_STREAM_MAX_LENGTH: integer(100)
      .default(10_000)
      .describe('events kept per organization for catch-up (older `since` gets resync: true)'),
    EVENT_STREAM_MAX_BYTES: integer(65_536)
      .default(4 * 1024 * 1024)
      .describe('bytes of events kept per organization (the oldest go first, like the count)'),
    EVENT_STREAM_IDLE_DAYS: decimal(0.001)
      .default(7)
      .describe(
        'an organization with no event for this long loses its event stream (a client resuming after it gets resync: true)',
      ),
    WS_CONNECTIONS_PER_IP: integer(1)
      .default(60)
      .describe('Socket.IO handshakes per client address per 10 seconds'),
    WS_SOCKETS_PER_USER: integer(1)
      .default(30)
      .describe(
        'open sockets per user, across every ws instance (more: connect_error rate_limited)',
      ),
    WS_MAX_PACKET_BYTES: integer(1024, 1_000_000)
      .default(16_384)
      .describe('largest WebSocket message or polling request body; larger closes the connection'),
    WS_EVENTS_PER_SECOND: decimal(0.1)
      .default(10)
      .describe('client events a socket may send per second, on average (token bucket refill)'),
    WS_EVENT_BURST: integer(1)
      .default(40)
      .describe('client events a socket may send at once (token bucket size)'),
    WS_SUBSCRIPTIONS_PER_SOCKET: integer(1)
      .default(20)
      .describe('organizations one socket may subscribe to at once'),
    WS_REPLAYS_PER_MINUTE: integer(1)
      .default(30)
      .describe('subscribes with `since` (each replays up to 5,000 events) per socket per minute'),
    WS_REFUSALS_BEFORE_DISCONNECT: integer(1)
      .default(100)
      .describe('a socket refused this many events (rate_limited) within 10 s is disconnected'),
    WS_NATIVE_PUBLISH: z
      .stringbool()
      .default(true)
      .describe(
        "a live event for every staff subscriber of an organization on an instance, all on WebSocket, is written by Bun's publish (no Socket.IO JavaScript per socket); false: always through Socket.IO's broadcast",
      ),
    PRESENCE_TTL_SECONDS: integer(5, 300)
      .default(20)
      .describe(
        'a viewer (or an open socket, for WS_SOCKETS_PER_USER) whose instance stops refreshing it disappears after this long',
      ),
  },
  devDefaults: { WS_CONNECTIONS_PER_IP: '1000' },
  map: (e) => ({
    streamMaxLength: e.EVENT_STREAM_MAX_LENGTH,
    streamMaxBytes: e.EVENT_STREAM_MAX_BYTES,
    streamIdleSeconds: Math.round(e.EVENT_STREAM_IDLE_DAYS * 86_400),
    connectionsPerIp: e.WS_CONNECTIONS_PER_IP,
    socketsPerUser: e.WS_SOCKETS_PER_USER,
    maxPacketBytes: e.WS_MAX_PACKET_BYTES,
    eventsPerSecond: e.WS_EVENTS_PER_SECOND,
    eventBurst: e.WS_EVENT_BURST,
    subscriptionsPerSocket: e.WS_SUBSCRIPTIONS_PER_SOCKET,
    replaysPerMinute: e.WS_REPLAYS_PER_MINUTE,
    refusalsBeforeDisconnect: e.WS_REFUSALS_BEFORE_DISCONNECT,
    nativePublish: e.WS_NATIVE_PUBLISH,
    presenceTtlSeconds: e.PRESENCE_TTL_SECONDS,
  }),
});
