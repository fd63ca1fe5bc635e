export { compareEventIds, isEventId } from './ids';
export {
  type ClientEventAnswer,
  type ClientEventDeclaration,
  type ClientEventError,
  type ClientEventName,
  type ClientEventPayload,
  type ClientToServerEvents,
  clientEventDeclarations,
  clientEventError,
  clientEvents,
  type ServerToClientEvents,
  type UnacknowledgedEvent,
  type Viewer,
  viewer,
} from './socket-events';
export {
  appendEvent,
  type Replay,
  readSince,
  type StreamBounds,
  streamKey,
} from './stream';
export {
  type AnyEventEnvelope,
  decodeNotificationMessage,
  decodeRelayMessage,
  type EphemeralData,
  type EphemeralEnvelope,
  type EphemeralType,
  type EventEnvelope,
  encodeNotificationMessage,
  encodeStreamEntry,
  ephemeralEnvelope,
  NOTIFICATION_CHANNEL,
  type NotificationMessage,
  RELAY_CHANNEL,
  type RelayedEvent,
} from './wire';
