import { eventWriter } from '../events/outbox';
import { platformEvents } from './events';

export { platformConfigGroups } from './config';
export { type PlatformEvents, platformEvents } from './events';

/** Records one of the platform's own events, in the caller's transaction (the services'). */
export const { record: recordPlatformEvent } = eventWriter(platformEvents);
