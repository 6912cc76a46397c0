import { createHash } from 'node:crypto';

/** SHA-256 of a DER certificate, lowercase hex: what the sync handshake binds (shared/sync/channelBinding.ts). */
export function certificateFingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}
