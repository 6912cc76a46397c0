import { parseStrictJson, WireEntrySchema, type WireEntry } from '../../shared/journal';

/** The largest message a relay reads from the stream: an entry's line at most (a bigger one is refused unread). */
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024 + 4096;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** A stream message as an entry, or why it is not one. Anyone with access to the stream can publish: nothing is trusted yet. */
export function parseStreamEntry(data: Uint8Array): { ok: true; wire: WireEntry } | { ok: false; reason: string } {
  if (data.length > MAX_MESSAGE_BYTES) return { ok: false, reason: `message of ${data.length} bytes is over the ${MAX_MESSAGE_BYTES}-byte limit for an entry` };
  let text: string;
  try {
    text = decoder.decode(data);
  } catch {
    return { ok: false, reason: 'message is not UTF-8' };
  }
  let json: unknown;
  try {
    json = parseStrictJson(text);
  } catch (err) {
    return { ok: false, reason: `message is not JSON: ${(err as Error).message}` };
  }
  const parsed = WireEntrySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `message is not an entry: ${issue?.path.join('.') || '(top)'}: ${issue?.message}` };
  }
  return { ok: true, wire: parsed.data };
}
