import { eventWriter } from '@insightdesk/shared/events';
import { fixtureEvents } from './events';

/** The fixture product's events into the outbox, in the caller's transaction. */
export const { record: recordEvent } = eventWriter(fixtureEvents);
