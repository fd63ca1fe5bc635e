export {
  type Audience,
  type EventData,
  type EventEnvelope,
  type EventType,
  events,
  REALTIME_EVENT_TYPES,
} from './catalog';
export { OUTBOX_CHANNEL, recordEvent } from './outbox';
