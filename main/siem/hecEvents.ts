import { entryLine, type StoredEntry } from './entryLine';

// Splunk HTTP Event Collector JSON events (the /services/collector/event
// protocol): one envelope per entry, a batch being the envelopes one after
// another. See docs/siem.md and test/fixtures/siem/SOURCE.md.

export const HEC_SOURCE = 'commandpost';
export const HEC_SOURCETYPE = 'commandpost:journal';

export interface HecMetadata {
  hostName: string;
  /** Omitted: the token's default index. */
  index?: string;
}

/**
 * One event. `time` is the entry's HLC wall clock in epoch seconds with
 * milliseconds (the author's clock: when it happened, not when it was sent).
 * `event` is the entry's export line as an object, so the header can be
 * re-canonicalised and its signature checked from what Splunk stored.
 */
export function hecEvent(entry: StoredEntry, meta: HecMetadata): string {
  const envelope = {
    time: entry.header.hlc.wall / 1000,
    host: meta.hostName,
    source: HEC_SOURCE,
    sourcetype: HEC_SOURCETYPE,
    ...(meta.index !== undefined ? { index: meta.index } : {}),
  };
  // The event text is spliced in, not re-serialised: it is already the exact export line.
  return `${JSON.stringify(envelope).slice(0, -1)},"event":${entryLine(entry)}}`;
}

/** The request body: events separated by a newline, which HEC reads as white space between JSON objects. */
export const hecRequestBody = (events: readonly string[]): string => events.join('\n');
