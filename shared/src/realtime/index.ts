export { compareEventIds, isEventId } from './ids';
export {
  appendEvent,
  ID_PLACEHOLDER,
  RELAY_EVENT,
  type RelayedEvent,
  type Replay,
  readSince,
  type StreamEntryInput,
  streamKey,
} from './stream';
