import { realtimeConfig, wsRoutingConfig } from '../config/groups';
import { platformClientEvents } from './socket-events';

/** Real-time delivery: the ws service's configuration and the client events it answers. */
export const realtimeModule = {
  name: 'realtime',
  config: { realtime: realtimeConfig, wsRouting: wsRoutingConfig },
  clientEvents: platformClientEvents,
} as const;
