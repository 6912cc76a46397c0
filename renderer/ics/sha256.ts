import { toHex } from '../../shared/bytes';

/** SHA-256 (hex) of text via WebCrypto: the renderer has no synchronous hash, and this is the one it needs. */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}
