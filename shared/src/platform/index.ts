import { eventWriter } from '../events/outbox';
import { platformEvents } from './events';

export { platformConfigGroups } from './config';
export { type PlatformEvents, platformEvents } from './events';
export {
  type PlatformClientEvents,
  type PlatformFeatures,
  type PlatformModules,
  type PlatformQueues,
  platformCatalog,
  platformModules,
} from './modules';

/** Records one of the platform's own events, in the caller's transaction (the services'). */
export const { record: recordPlatformEvent } = eventWriter(platformEvents);
