// Public surface of main/federation: room relays of one workspace reaching
// each other through a NATS JetStream stream (see docs/federation.md).
export { Federation, type FederationOptions } from './federation';
export { Publisher, type PublishPass } from './publisher';
export { ACK_WAIT_MS, NatsStream, describeNatsError } from './natsStream';
export { MessageRefused, type EntryStream, type PublishAck, type StreamMessage } from './entryStream';
export { memoryCursorStore, sqliteCursorStore, type CursorStore, type StreamCursor } from './cursorStore';
export { FederationConfigError, parseFederationTarget, type FederationTarget, type TargetInput } from './target';
export { authorSubject, consumerName, streamName, workspaceSubjects } from './subjects';
export { DEFAULT_INBOX_OPTIONS, type InboxOptions, type Refusal } from './inbox';
export { parseStreamEntry } from './streamEntry';
