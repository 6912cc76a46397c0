import { parseRetryAfter, scrub, type HttpClient, type HttpResponse } from '../connectors';
import type { StoredEntry } from './entryLine';
import type { SinkConfig } from './sinkConfig';

/** What became of one batch. */
export type Delivery =
  /** The receiver took the batch: the cursor may move past it. `note`: what it said beside (a partial success). */
  | { ok: true; note: string | null }
  /** Try the same batch again later; `retryAfterMs` when the receiver said how long to wait. */
  | { ok: false; retry: true; reason: string; retryAfterMs: number | null }
  /** Retrying cannot help (bad token, a refused format): the sink stops, saying why. */
  | { ok: false; retry: false; reason: string };

/** One receiver: how an entry is encoded for it, and how a batch of encoded entries is sent. */
export interface Sink {
  readonly config: SinkConfig;
  encode(entry: StoredEntry, observedMs: number): string;
  send(records: readonly string[], signal: AbortSignal): Promise<Delivery>;
}

export interface SinkDeps {
  http: HttpClient;
  /** For Retry-After given as an HTTP date. */
  now: () => number;
  timeoutMs: number;
}

/** Longest part of a receiver's answer quoted in a log line. */
const QUOTE_MAX = 300;

/** The receiver's answer, safe to log: secrets masked, cut short, on one line. */
export function quote(text: string, secrets: readonly string[]): string {
  const one = scrub(text, secrets).replace(/\s+/g, ' ').trim();
  return one.length > QUOTE_MAX ? `${one.slice(0, QUOTE_MAX)}…` : one;
}

export const retryLater = (reason: string, res?: HttpResponse, now?: number): Delivery => ({
  ok: false,
  retry: true,
  reason,
  retryAfterMs: res !== undefined && now !== undefined ? parseRetryAfter(res.headers['retry-after'], now) : null,
});

export const giveUp = (reason: string): Delivery => ({ ok: false, retry: false, reason });

/**
 * POST a batch. A failure before any answer (refused connection, reset,
 * timeout) is retried: the receiver may not have the batch, and sending it
 * again at worst duplicates it (receivers deduplicate by entry id).
 */
export async function post(
  deps: SinkDeps,
  url: string,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
  secrets: readonly string[],
): Promise<HttpResponse | Delivery> {
  try {
    return await deps.http({ method: 'POST', url, headers, body }, { timeoutMs: deps.timeoutMs, signal });
  } catch (err) {
    return retryLater(`no answer: ${quote((err as Error).message, secrets)}`);
  }
}

export const isDelivery = (r: HttpResponse | Delivery): r is Delivery => 'ok' in r;
