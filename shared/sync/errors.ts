/**
 * Why a sync connection was closed. Sent to the peer in an error frame and
 * raised locally as a PeerRejected, so both ends can say what went wrong.
 */
export const SYNC_ERROR_CODES = [
  'frame-too-large',
  'binary-frame',
  'malformed-json',
  'unknown-type',
  'bad-frame',
  'protocol',
  'wrong-workspace',
  'self',
  'not-a-member',
  'revoked',
  'bad-proof',
  'certificate-mismatch',
  'invalid-entry',
  'unknown-author',
  'rate-limited',
  'timeout',
  'closing',
] as const;

export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

/** A peer was refused or disconnected for a reason it caused (or that it reported about us). */
export class PeerRejected extends Error {
  constructor(
    readonly code: SyncErrorCode,
    readonly detail: string,
    /** Device key of the peer, once it has said who it is. */
    readonly peer: string | null,
    /** 'local': this side closed the link; 'remote': the peer sent the error. */
    readonly side: 'local' | 'remote' = 'local',
  ) {
    super(`${side === 'remote' ? 'peer reported' : 'peer rejected'} (${code})${peer !== null ? ` [${peer}]` : ''}: ${detail}`);
    this.name = 'PeerRejected';
  }
}
