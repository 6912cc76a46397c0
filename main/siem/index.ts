export { startSiemForwarding, SIEM_POLL_MS, type SiemForwarding, type SiemForwardingOptions } from './startForwarding';
export { SinkConfigSchema, endpointOf, sinkLabel, otlpLogsUrl, hecEventUrl, type SinkConfig } from './sinkConfig';
export { DEFAULT_SIEM_RETRY, type SinkStatus, type SinkState, type RetrySettings } from './sinkForwarder';
export { DEFAULT_BATCH_LIMITS, type BatchLimits } from './journalReader';
export { CURSOR_DIR, CursorFileError, cursorFile, readCursor, type Cursor } from './cursorFile';
export { entryLine } from './entryLine';
export { OTLP_SCOPE } from './otlpRecords';
export { HEC_SOURCE, HEC_SOURCETYPE } from './hecEvents';
