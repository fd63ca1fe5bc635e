import { organizationStreamEffect } from '../effects/organization-stream';
import { userChannelEffect } from '../effects/user-channel';
import type { PlatformWorkerModule } from './deps';

/** Real-time delivery: every stream event onto its organization's stream, every user-channel event to its recipient. */
export const realtimeWorker: PlatformWorkerModule = {
  name: 'realtime',
  start: (deps) => ({
    effects: [
      organizationStreamEffect(deps.events, deps.valkey, deps.config.realtime, deps.productConfig),
      userChannelEffect(deps.events, deps.valkey, () => deps.gathered().stillDeliverable),
    ],
  }),
};
