import { fromBase64Url } from '../../shared/bytes';

// Keys travel as base64url strings; decoding one costs more than comparing it,
// and a journal has few authors. null: a string that is no 32-byte key (also a
// non-canonical base64url one, so that two strings never name one key).
const rawKeys = new Map<string, Uint8Array | null>();
const RAW_KEY_CACHE_LIMIT = 10_000;

export function rawPublicKey(publicKey: string): Uint8Array | null {
  let raw = rawKeys.get(publicKey);
  if (raw === undefined) {
    try {
      raw = fromBase64Url(publicKey);
      if (raw.length !== 32) raw = null;
    } catch {
      raw = null;
    }
    if (rawKeys.size >= RAW_KEY_CACHE_LIMIT) rawKeys.clear();
    rawKeys.set(publicKey, raw);
  }
  return raw;
}
