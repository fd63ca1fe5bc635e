import { eventWriter } from '@insightdesk/shared/events';
import { helpdeskEvents } from './events';

/** The help desk's events into the outbox, in the caller's transaction (checked by their schemas). */
export const { record: recordEvent, pending: pendingEvent } = eventWriter(helpdeskEvents);
