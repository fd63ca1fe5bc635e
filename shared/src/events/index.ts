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
  claimOutboxBatch,
  countPendingOutbox,
  markOutboxRelayed,
  OUTBOX_CHANNEL,
  type OutboxRow,
  type PendingEvent,
  pendingEvent,
  purgeRelayedOutbox,
  recordEvent,
  recordEvents,
} from './outbox';
