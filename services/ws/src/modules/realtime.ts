import { Counter, Gauge } from 'prom-client';
import { deliveryMetrics } from '../delivery-metrics';
import { firstIds } from '../first-ids';
import { listenToRelay } from '../relay-listener';
import { createSubscriptions } from '../subscriptions';
import { deliverUserEvents } from '../user-channel';
import { createUserSockets } from '../user-sockets';
import type { PlatformWsModule } from './deps';

/**
 * Real-time delivery: each user's sockets, subscriptions to organizations' streams (replayed,
 * then live from the relay channel), and user-channel events to their recipients.
 */
export const realtimeWs: PlatformWsModule = {
  name: 'realtime',
  start: (deps) => {
    const { config, io, valkey, decoder, memberships, logger, registry, tracing } = deps;
    const userSockets = createUserSockets(io, valkey, {
      limit: config.realtime.socketsPerUser,
      ttlSeconds: config.realtime.presenceTtlSeconds,
      logger,
    });
    const subscriptions = createSubscriptions({
      valkey,
      decoder,
      memberships,
      logger,
      subscriptionsPerSocket: config.realtime.subscriptionsPerSocket,
      // Five minutes of changes, at most 200,000 of them (about 25 MB): a second copy of one comes
      // within seconds of the first.
      firstIds: firstIds({ windowMs: 5 * 60_000, capacity: 100_000 }),
      delivered: new Counter({
        name: 'ws_events_delivered_total',
        help: 'Events handed to sockets (replayed or live)',
        registers: [registry],
      }),
      broadcasts: new Counter({
        name: 'ws_broadcasts_total',
        help: "Live events broadcast to an organization's local subscribers, by what wrote them (bun: its publish to a topic; socket.io: its broadcast)",
        labelNames: ['path'],
        registers: [registry],
      }),
      rooms: deps.rooms,
      metrics: deliveryMetrics(registry),
    });
    new Gauge({
      name: 'ws_subscriptions',
      help: 'Organization subscriptions of this instance',
      registers: [registry],
      collect() {
        this.set(subscriptions.count);
      },
    });
    deliverUserEvents(io, deps.subscribers.relay, { decoder, memberships, logger });
    const relay = listenToRelay(deps.subscribers.relay, {
      decoder,
      onEvent: (event) => {
        if (!tracing.enabled) return subscriptions.receive(event);
        void tracing.inSpan(
          `ws deliver ${event.envelope.type}`,
          {
            kind: 'consumer',
            parent: event.traceParent ?? null,
            attributes: { 'insightdesk.event_id': event.envelope.id },
          },
          async () => subscriptions.receive(event),
        );
      },
      onGap: () => subscriptions.resynchronize(),
      onLost: () => subscriptions.hold(),
      logger,
    });
    return {
      middleware: userSockets.middleware,
      handlers: subscriptions.handlers,
      attach(socket) {
        userSockets.attach(socket);
        subscriptions.attach(socket);
      },
      // Viewers leave; this instance's sockets stop counting.
      async stop() {
        subscriptions.stop();
        await userSockets.stop();
      },
      steps: [
        {
          name: 'relay-channel',
          dependsOn: ['valkey'],
          // Subscribed before clients come: an event published after a subscriber's catch-up read
          // must reach this instance.
          async start() {
            if (!(await relay.ready(3000)))
              logger.warn('relay channel not subscribed yet, continuing');
          },
        },
      ],
    };
  },
};
