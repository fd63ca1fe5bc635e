export {
  type Audience,
  type ClientDataLimits,
  type EventBehaviour,
  type EventData,
  type EventType,
  eventBehaviours,
  events,
  isRealtimeEvent,
  REALTIME_EVENT_TYPES,
  type RealtimeEventType,
} from './catalog';
export {
  OUTBOX_CHANNEL,
  type PendingEvent,
  pendingEvent,
  recordEvent,
  recordEvents,
} from './outbox';
