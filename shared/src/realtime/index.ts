export { compareEventIds, isEventId } from './ids';
export { refreshLeases } from './leases';
export {
  type AppServer,
  type AppSocket,
  type ClientEventHandler,
  type ClientEventHandlers,
  refusal,
  type SocketIdentity,
} from './server';
export {
  answer,
  type ClientEventAnswer,
  type ClientEventCatalog,
  type ClientEventDeclaration,
  type ClientEventDeclarations,
  type ClientEventError,
  type ClientEventName,
  type ClientEventPayload,
  type ClientToServerEvents,
  clientEventError,
  defineClientEvents,
  type EphemeralCatalog,
  mergeClientEvents,
  orgRef,
  platformClientEvents,
  type ServerToClientEvents,
  type UnacknowledgedEvent,
} from './socket-events';
export {
  appendEvent,
  dropStream,
  type ReadOptions,
  type Replay,
  readSince,
  type StreamBounds,
  streamKey,
} from './stream';
export {
  type AnyEventEnvelope,
  type EphemeralEnvelope,
  type EventEnvelope,
  encodeStreamEntry,
  encodeUserMessage,
  ephemeralEnvelope,
  RELAY_CHANNEL,
  type RelayedEvent,
  type StreamEnvelope,
  USER_CHANNEL,
  type UserMessage,
  type WireDecoder,
  wireDecoder,
} from './wire';
